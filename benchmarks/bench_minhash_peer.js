#!/usr/bin/env node
// Peer for bench_fingerprint: the npm `minhash` package (node/package.json
// devDependency) on the same generated corpus, which bench_fingerprint
// writes with --dump FILE (documents separated by a form feed line).
//
//   node benchmarks/bench_minhash_peer.js FILE [--seconds S] [--ngram N]
//
// Does what verbatim's "tokenize + shingles + MinHash-128" row does, the way
// a JavaScript user of the package would: lowercase, split into words of
// letters and digits, join each 5-word window into a string, and feed it to
// Minhash.update (128 permutations). Documents are processed in order until
// S seconds (default 3) of process CPU time (user + system, as the C driver
// measures) have passed or the corpus ends; prints one JSON line in
// bench_fingerprint's --json schema, which the C driver reads for its ratio.
'use strict';
const fs = require('fs');
const path = require('path');

function usage() {
  process.stderr.write('usage: bench_minhash_peer.js FILE [--seconds S] [--ngram N]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
let file = null;
let seconds = 3;
let ngram = 5;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seconds' && i + 1 < args.length) seconds = Number(args[++i]);
  else if (args[i] === '--ngram' && i + 1 < args.length) ngram = Number(args[++i]);
  else if (file === null && !args[i].startsWith('--')) file = args[i];
  else usage();
}
if (file === null || !(seconds > 0) || !(ngram >= 1)) usage();

let minhash;
try {
  minhash = require(path.join(__dirname, '..', 'node', 'node_modules', 'minhash'));
} catch (e) {
  process.stderr.write('bench_minhash_peer: the npm minhash package is not installed ' +
                       '(cd node && npm ci)\n');
  process.exit(3);
}
const pkg = require(path.join(__dirname, '..', 'node', 'node_modules', 'minhash', 'package.json'));

const docs = fs.readFileSync(file, 'utf8').split('\f\n').filter((d) => d.length > 0);
const word = /[\p{L}\p{N}]+/gu;

let done = 0;
let bytes = 0;
let shingles = 0;
function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
const t0 = cpuSeconds();
let elapsed = 0;
for (const doc of docs) {
  const words = doc.toLowerCase().match(word) || [];
  const m = new minhash.Minhash({ numPerm: 128 });
  const last = Math.max(words.length - ngram + 1, words.length ? 1 : 0);
  for (let i = 0; i < last; i++) m.update(words.slice(i, i + ngram).join(' '));
  shingles += last;
  bytes += Buffer.byteLength(doc, 'utf8');
  done++;
  elapsed = cpuSeconds() - t0;
  if (elapsed >= seconds) break;
}
const rss = Math.round(process.resourceUsage().maxRSS); // kilobytes
process.stdout.write(JSON.stringify({
  bench: 'fingerprint',
  case: 'tokenize+minhash-128',
  impl: `npm minhash ${pkg.version}`,
  n: done,
  bytes,
  seconds: elapsed,
  rate: bytes / 1e6 / elapsed,
  unit: 'MB/s',
  rss_kb: rss,
  shingles,
}) + '\n');
