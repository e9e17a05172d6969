// The README's ```sh examples as steps a test can run in order, the way a reader would.
//
// Conventions the README follows (and readme.test.ts relies on):
// - Every ```sh block runs, in order, in one shell session (variables carry over).
// - `<!-- readme-test: server -->` on the line before a block: the block starts the
//   service, which a reader leaves running in a terminal of its own; the test runs it in
//   the background. `<!-- readme-test: skip -->`: the block is not run (npm install:
//   the test links node_modules instead).
// - A comment line right under a command (no blank line between) is what the command
//   prints to the terminal (standard output and error, as a reader sees them); `...`
//   in it stands for any text. A comment anywhere else, or at the end of a command
//   line, only explains.
// - A command is one line, or several joined by a trailing backslash.

export type BlockMode = 'run' | 'server' | 'skip';

export interface ExampleStep {
  /** 1-based line of the README where the command starts, for failure messages. */
  readonly line: number;
  readonly command: string;
  /** What the command prints, from the comment under it; `...` is any text. */
  readonly expected?: string;
}

export interface ExampleBlock {
  readonly line: number;
  readonly mode: BlockMode;
  readonly steps: readonly ExampleStep[];
}

const MARKER = /^<!--\s*readme-test:\s*(\w+)\b.*-->$/;

/**
 * The ```sh blocks of a README, in order.
 * readmeExamples('```sh\necho hi\n# hi\n```') -> [{ line: 1, mode: 'run', steps: [{ line: 2, command: 'echo hi', expected: 'hi' }] }]
 */
export function readmeExamples(markdown: string): ExampleBlock[] {
  const lines = markdown.split('\n');
  const blocks: ExampleBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```sh') continue;
    const mode = blockMode(lines, i);
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) body.push(lines[i]!);
    if (i === lines.length) throw new Error(`README.md:${start + 1}: the \`\`\`sh block is never closed`);
    blocks.push({ line: start + 1, mode, steps: blockSteps(body, start + 2) });
  }
  return blocks;
}

function blockMode(lines: readonly string[], fence: number): BlockMode {
  let j = fence - 1;
  while (j >= 0 && lines[j]!.trim() === '') j--;
  const marker = j >= 0 ? MARKER.exec(lines[j]!.trim()) : null;
  if (!marker) return 'run';
  if (marker[1] === 'server' || marker[1] === 'skip') return marker[1];
  throw new Error(`README.md:${j + 1}: unknown readme-test marker ${marker[1]}; use server or skip`);
}

function blockSteps(body: readonly string[], firstLine: number): ExampleStep[] {
  const steps: { line: number; command: string; expected?: string }[] = [];
  // The step an output comment would belong to: the last command, until a blank line.
  let open: (typeof steps)[number] | undefined;
  for (let k = 0; k < body.length; k++) {
    const text = body[k]!;
    const trimmed = text.trim();
    if (trimmed === '') {
      open = undefined;
    } else if (trimmed.startsWith('#')) {
      if (open) open.expected = open.expected === undefined ? outputOf(trimmed) : `${open.expected}\n${outputOf(trimmed)}`;
    } else {
      const line = firstLine + k;
      let command = text;
      while (command.endsWith('\\') && k + 1 < body.length) command = `${command}\n${body[++k]!}`;
      open = { line, command };
      steps.push(open);
    }
  }
  return steps;
}

function outputOf(comment: string): string {
  return comment.replace(/^#\s?/, '');
}

/** Whether output is what the comment promised: a whole match, `...` standing for any text. */
export function outputMatches(expected: string, output: string): boolean {
  const pattern = expected
    .split('...')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${pattern}$`).test(output.replace(/\n+$/, ''));
}

export const STEP_MARK = '@@readme-step';

/**
 * One bash script of the runnable steps, stopping at the first failure. Before each
 * step it prints `@@readme-step N`, so the output (run it with standard output and
 * error on one file, as a terminal shows them) can be split per step. `curl` fails
 * on any status but 2xx, and still prints the body, to see why.
 */
export function examplesScript(steps: readonly ExampleStep[], port: number): string {
  const lines = [
    'set -euo pipefail',
    'curl() { command curl --fail-with-body "$@"; }',
    ...steps.flatMap((step, n) => [mark(String(n)), withPort(step.command, port)]),
    mark('done'),
  ];
  return `${lines.join('\n')}\n`;
}

function mark(step: string): string {
  return `printf '\\n${STEP_MARK} ${step}\\n'`;
}

/** The examples say port 3000; the test serves on a free one. */
export function withPort(command: string, port: number): string {
  return command.replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`).replaceAll('--port 3000', `--port ${port}`);
}

/** The script's output split at the step marks: the entry for N is what step N printed. */
export function outputsByStep(stream: string): Map<number | 'done', string> {
  const outputs = new Map<number | 'done', string>();
  const parts = stream.split(new RegExp(`\\n${STEP_MARK} (\\d+|done)\\n`));
  for (let p = 1; p < parts.length; p += 2) outputs.set(parts[p] === 'done' ? 'done' : Number(parts[p]), parts[p + 1] ?? '');
  return outputs;
}
