// Bundled by compile.mjs and run once there: writes into the folder given the tables
// compiled processes would otherwise compute at each start, fold-table.bin (the fold
// table, from OpenCC's dictionaries), script-table.bin (which characters mark a text's
// script, region.ts), lexicon.bin (jieba's lexicon, compiled as the
// guards use it; used when the store holds the same lexicon), lexicon-words.bin (its
// words sorted, for the lexicon of one short text: LexiconWordIndex) and
// opencc-<config>.bin (each OpenCC configuration canonicalize --convert uses, as one
// automaton).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lexiconDigest } from '../src/db/lexicon-repository.ts';
import { compilePhrases, phrasesArtifact, SHIPPED_CONFIGS } from '../src/convert/opencc-phrases.ts';
import { foldTableFile } from '../src/fold.ts';
import { scriptTableFile } from '../src/region.ts';
import { readLexicon } from '../src/glossary/lexicon.ts';
import { Lexicon } from '../src/match/lexicon.ts';
import { LexiconWordIndex } from '../src/match/lexicon-word-index.ts';

const dir = process.argv[2]!;
writeFileSync(join(dir, 'fold-table.bin'), foldTableFile());
writeFileSync(join(dir, 'script-table.bin'), scriptTableFile());
const packed = readLexicon();
writeFileSync(join(dir, 'lexicon.bin'), Lexicon.compile(packed).artifact(lexiconDigest(packed)));
writeFileSync(join(dir, 'lexicon-words.bin'), LexiconWordIndex.ofPacked(packed, lexiconDigest(packed)).artifact());
for (const name of SHIPPED_CONFIGS) writeFileSync(join(dir, `opencc-${name}.bin`), phrasesArtifact(compilePhrases(name), name));
