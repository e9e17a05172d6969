#!/usr/bin/env node
// The `glossary` command: the CLI compiled into dist/cli.cjs (npm install compiles it;
// after changing src/, `npm run compile`), run with a V8 code cache of the command.
// CommonJS, as the CLI itself: an ES module here would start Node's module loader too.
'use strict';
const { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } = require('node:fs');
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
// command (dist/code-cache/<command>.bin), written when a run finds none, holds the
// functions that command ran: lookup's cache compiles lookup, not the build.
//
// A cache is only used when it is this very bundle's (its size and modification time,
// which every compile changes), whole (a CRC-32 of its bytes) and from this Node (V8
// checks its version and flags itself: cachedDataRejected). Any other is ignored and
// written again; a read-only install runs without one.
const HEADER = 16; // 'GLCC', CRC-32 of the data, the bundle's size, its mtime in whole milliseconds (u32, low bits)
const command = /^[a-z][a-z-]{0,31}$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
const cacheFile = join(dirname(cli), 'code-cache', `${command}.bin`);
const fd = openSync(cli, 'r');
const { size, mtimeMs } = fstatSync(fd);
const source = Buffer.allocUnsafe(size);
readSync(fd, source, 0, size, 0);
closeSync(fd);
const stamp = [size >>> 0, Math.floor(mtimeMs) >>> 0];

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

function writeCache(data) {
  const header = Buffer.alloc(HEADER);
  header.write('GLCC', 0, 'latin1');
  header.writeUInt32LE(crc32(data), 4);
  header.writeUInt32LE(stamp[0], 8);
  header.writeUInt32LE(stamp[1], 12);
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    // Another process may write the same cache at once: each renames its own whole file.
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([header, data]));
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only install: every run compiles, as without a cache.
  }
}

const cachedData = readCache();
const script = new Script(Module.wrap(source.toString('utf8')), { filename: cli, cachedData });
// Commands end with process.exit as often as by returning: the cache is made on exit,
// when it holds every function the command ran.
if (cachedData === undefined || script.cachedDataRejected) process.on('exit', () => writeCache(script.createCachedData()));
const cjs = { exports: {} };
script.runInThisContext().call(cjs.exports, cjs.exports, Module.createRequire(cli), cjs, cli, dirname(cli));
