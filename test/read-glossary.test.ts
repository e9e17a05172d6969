// Glossary files are read two ways: js-yaml for the usual well-formed file (fast),
// yaml's document model for anything else (every node's line, for the messages).
// Both must read a good file to the same entries, lines included.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWithPositions, wellFormedEntries } from '../src/glossary/read-glossary.ts';
import { generateGlossary } from '../scripts/generate-glossary.ts';
import { fixtureGlossaryDir, ROOT, SEEDS, tempDir } from './helpers.ts';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f));
}

describe('reading a glossary file', () => {
  it('gives the same entries, at the same lines, both ways, for every file of the shipped, fixture and a generated glossary', () => {
    const generated = join(tempDir(), 'generated');
    generateGlossary(generated, 2000, SEEDS, join(ROOT, 'glossary'));
    const files = [...yamlFiles(join(ROOT, 'glossary')), ...yamlFiles(fixtureGlossaryDir()), ...yamlFiles(generated)];
    let entries = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const slow = readWithPositions(text, file);
      expect(slow.errors, file).toEqual([]);
      const fast = wellFormedEntries(text, file);
      expect(fast, file).toEqual(slow.entries);
      entries += fast!.length;
    }
    expect(entries).toBeGreaterThan(2000);
  });

  it('counts lines from the first, past comments, blank lines and block scalars', () => {
    const text = '# people\n\n- id: a-person\n  kind: person\n  names: { en: A Person }\n  note: |\n    - not an item\n    - nor this\n\n- id: b-org\n  kind: org\n  names:\n    en: B Org\n';
    expect(wellFormedEntries(text, 'x.yaml')!.map((e) => [e.value.id, e.line])).toEqual([
      ['a-person', 3],
      ['b-org', 10],
    ]);
  });

  it.each([
    ['an anchor and alias', '- &p\n  id: a\n  kind: term\n  names: { en: A }\n- *p\n'],
    ['a merge key', '- id: a\n  kind: term\n  <<: { names: { en: A } }\n'],
    ['a flow list', '[{ id: a, kind: term, names: { en: A } }]\n'],
    ['a duplicate key', '- id: a\n  id: b\n  kind: term\n  names: { en: A }\n'],
    ['an entry the schema refuses', '- id: a\n  kind: nope\n  names: { en: A }\n'],
    ['malformed YAML', '- id: a\n  kind: term\n names: x\n'],
    ['a mapping, not a list', 'id: a\nkind: term\n'],
  ])('leaves %s to the reader that knows every line', (_, text) => {
    expect(wellFormedEntries(text, 'x.yaml')).toBeUndefined();
  });
});
