#!/usr/bin/env node
// The `glossary` command: the CLI compiled into dist/cli.cjs (npm install compiles it;
// after changing src/, `npm run compile`), run with a V8 code cache of the command.
// CommonJS, as the CLI itself: an ES module here would start Node's module loader too.
'use strict';
const { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');
const { crc32 } = require('node:zlib');

// The version alone needs none of the CLI: answer before loading it.
if (process.argv.length === 3 && ['--version', '-v'].includes(process.argv[2])) {
  console.log(JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8')).version);
  process.exit(0);
}

const cli = join(__dirname, '../dist/cli.cjs');
if (!existsSync(cli)) {
  console.error('glossary: the CLI is not compiled (dist/cli.cjs is missing); run npm install, or npm run compile');
  process.exit(1);
}

// Compiling the CLI's JavaScript is most of what a short command does beyond Node's
// own start. V8 can keep its compiled code in a cache that a later process reads back;
// Node 20 does that for node:vm scripts only, hence this loader. One cache per
// command (dist/code-cache/<command>.bin) holds the functions that command ran:
// lookup's cache compiles lookup, not the build. It is written by a run that found
// none and succeeded (exit 0, not a command's help): a mistyped command or a failed
// first run neither leaves a file nor fixes a cache that lacks the command's own code.
//
// A cache is used only when it is this very bundle's (its size and a CRC-32 of its
// bytes: V8 itself checks only the length), whole (a CRC-32 of the cache) and from
// this Node (V8 checks its version and flags: cachedDataRejected). Any other is
// ignored and written again; a read-only install runs without one.
const HEADER = 16; // 'GLCC', CRC-32 of the data, the bundle's size, the CRC-32 of the bundle
const command = /^[a-z][a-z-]{0,31}$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
const cacheFile = join(dirname(cli), 'code-cache', `${command}.bin`);
const source = readFileSync(cli);
const stamp = [source.length >>> 0, crc32(source)];

function readCache() {
  let bytes;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER || bytes.toString('latin1', 0, 4) !== 'GLCC') return undefined;
  if (bytes.readUInt32LE(8) !== stamp[0] || bytes.readUInt32LE(12) !== stamp[1]) return undefined;
  const data = bytes.subarray(HEADER);
  return crc32(data) === bytes.readUInt32LE(4) ? data : undefined;
}

/** Write the cache makeData makes, unless it cannot be written: making it takes about 10 ms. */
function writeCache(makeData) {
  // Another process may write the same cache at once: each renames its own whole file.
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  let fd;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    fd = openSync(temporary, 'w');
  } catch {
    return; // a read-only install: every run compiles, as without a cache
  }
  try {
    const data = makeData();
    const header = Buffer.alloc(HEADER);
    header.write('GLCC', 0, 'latin1');
    header.writeUInt32LE(crc32(data), 4);
    header.writeUInt32LE(stamp[0], 8);
    header.writeUInt32LE(stamp[1], 12);
    writeFileSync(fd, Buffer.concat([header, data]));
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, cacheFile);
  } catch {
    // A cache is never worth a changed exit or output (a full disk, say): none is left.
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
  }
}

const cachedData = readCache();
const script = new Script(Module.wrap(source.toString('utf8')), { filename: cli, cachedData });
// Commands end with process.exit as often as by returning: the cache is made on exit,
// when it holds every function the command ran.
// A command's help would leave a cache without the command's code; `glossary --help` has a cache of its own ("other").
const helpAsked = command !== 'other' && process.argv.some((a) => a === '-h' || a === '--help');
if ((cachedData === undefined || script.cachedDataRejected) && !helpAsked) {
  process.on('exit', (code) => {
    if (code === 0) writeCache(() => script.createCachedData());
  });
}
const cjs = { exports: {} };
script.runInThisContext().call(cjs.exports, cjs.exports, Module.createRequire(cli), cjs, cli, dirname(cli));
