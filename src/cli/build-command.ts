import { SingleBar, Presets } from 'cli-progress';
import { buildGlossary, needsBuild, type BuildProgress } from '../glossary/build.ts';
import { GlossaryInvalid } from '../glossary/glossary-error.ts';

/** Build with a progress bar on a terminal and a one-line summary; returns the exit code. */
export async function runBuild(options: { glossary: string; db: string; quiet?: boolean }): Promise<number> {
  const bar = process.stderr.isTTY && !options.quiet ? new SingleBar({ format: ' {phase} [{bar}] {value}/{total}', stream: process.stderr }, Presets.shades_classic) : null;
  let phase = '';
  const onProgress = (p: BuildProgress): void => {
    if (!bar) return;
    if (p.phase !== phase) {
      if (phase) bar.stop();
      phase = p.phase;
      bar.start(p.total, 0, { phase: p.phase.padEnd(6) });
    }
    bar.update(p.done);
  };
  try {
    const report = await buildGlossary(options.glossary, options.db, onProgress);
    bar?.stop();
    if (!options.quiet) {
      console.error(
        `built ${options.db}: ${report.entities} entities, ${report.names} names, ${report.variants} variants, ` +
          `${report.pinyin} pinyin keys, ${report.ambiguousKeys} declared ambiguous keys, 0 conflicts ` +
          `from ${report.files} files in ${report.seconds.toFixed(2)} s`,
      );
    }
    return 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof GlossaryInvalid) {
      for (const e of error.errors) console.error(String(e));
      console.error(`build failed: ${error.errors.length} error${error.errors.length === 1 ? '' : 's'}; ${options.db} was not changed`);
      return 1;
    }
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}; ${options.db} was not changed`);
    return 1;
  }
}

/** Build the store first when it is missing or older than the glossary; false if that build failed. */
export async function ensureStore(options: { glossary: string; db: string }): Promise<boolean> {
  if (!needsBuild(options.glossary, options.db)) return true;
  return (await runBuild(options)) === 0;
}
