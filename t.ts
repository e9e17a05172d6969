import { createReadStream, readdirSync } from 'node:fs';
import { readTmx } from './src/tm/tmx-reader.ts';
const dir = '../shared/tmx-compliance';
for (const f of readdirSync(dir).filter((f) => f.endsWith('.tmx'))) {
  let units = 0, rejected: string[] = [];
  const langs = new Set<string>();
  try {
    for await (const u of readTmx(createReadStream(`${dir}/${f}`), f)) {
      if (u.kind === 'unit') { units++; u.segments.forEach((s) => langs.add(s.lang)); } else rejected.push(`${u.line}:${u.reason}`);
    }
    console.log(f.padEnd(32), units, [...langs].join(','), rejected.join(' | '));
  } catch (e) { console.log(f.padEnd(32), 'ERROR', (e as Error).message); }
}
