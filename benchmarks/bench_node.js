'use strict';
// Node binding overhead against the C API, on generated articles (the
// generator of node/test/corpus.js). Not run by `make test`.
//
//   node benchmarks/bench_node.js [ARTICLES] [--json] [--runs N]   (default 400; build first)
//
// Each call type through the Node module, returning plain objects, is timed
// against the same work done through the C API by benchmarks/bench_c_api.c
// (handles reused, results written as records into a vb_writer) on the same
// documents, and the overhead ratio Node / C is printed per call type:
//
//   quotes-per-article      verbatim.quotes(text, { id }) per article
//   paragraphs-per-article  verbatim.paragraphs(text, { id }) per article
//   match-corpus            verbatim.match(docs); also QuoteIndex.add per
//                           article (quoteindex-add, the same work streamed)
//   similar-corpus          verbatim.similar(docs) on the first 200
//                           documents at most
//
// and, for reference, the C CLI (`verbatim quotes --json`, `verbatim match
// -o`; its one-article run subtracted, so process start is mostly taken
// out). Times are CPU time (process.cpuUsage; bench_c_api's own clock; the
// CLI's from bash's `times`), best of --runs rounds (default 5), the C API
// and Node taking turns each round so both see the same load on a shared
// machine. bench_c_api reports the records it wrote and the Node side must
// return as many.
//
// --json prints one JSON object per figure instead of the table (format in
// benchmarks/README.md; the reference of each case is the C API, "c-api").
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const BUILD = path.resolve(process.env.VERBATIM_BUILD || path.join(ROOT, 'build'));
process.env.VERBATIM_BUILD = BUILD; // node/index.js resolves it from its own directory
const verbatim = require(path.join(ROOT, 'node'));
const { corpus } = require(path.join(ROOT, 'node', 'test', 'corpus.js'));

const args = process.argv.slice(2);
const JSON_OUT = args.includes('--json');
let RUNS = 5;
const positional = [];
let bad = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--json') continue;
  if (args[i] === '--runs' && Number(args[i + 1]) >= 1) RUNS = Number(args[++i]);
  else if (args[i].startsWith('--')) bad = true;
  else positional.push(args[i]);
}
if (bad || positional.length > 1 || (positional.length && !(Number(positional[0]) > 0))) {
  console.error('usage: node benchmarks/bench_node.js [ARTICLES] [--json] [--runs N]');
  process.exit(2);
}
const N = Number(positional[0] || 400);
const SIMILAR_MAX = 200;
// The quote pool grows with the corpus (one quote per two articles), so each
// quote is reprinted about eight times at every size and the matches grow
// linearly: with the generator's fixed pool of 40 they grow as N squared.
const docs = corpus(N, { seed: 99, pool: Math.max(1, Math.round(N / 2)) });
const simDocs = docs.slice(0, SIMILAR_MAX);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-node-'));
const all = path.join(dir, 'all.cbor');
const one = path.join(dir, 'one.cbor');
const sim = path.join(dir, 'similar.cbor');
fs.writeFileSync(all, verbatim.writeDocuments(docs));
fs.writeFileSync(one, verbatim.writeDocuments(docs.slice(0, 1)));
fs.writeFileSync(sim, verbatim.writeDocuments(simDocs));
const textBytes = (ds) => ds.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
const bytes = textBytes(docs);

function cpuMs(fn) {
  const t0 = process.cpuUsage();
  const out = fn();
  const d = process.cpuUsage(t0);
  return [(d.user + d.system) / 1000, out];
}

// The CLI's CPU time, from bash's `times` (its second line: the children's
// user and system time, to the millisecond).
function cli(cliArgs) {
  const r = spawnSync('bash', ['-c', '"$@" >/dev/null; times', '_', path.join(BUILD, 'verbatim'), ...cliArgs],
                      { encoding: 'utf8' });
  const m = r.status === 0 && r.stdout.trim().split('\n')[1]?.match(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/);
  if (!m) throw new Error(`verbatim ${cliArgs.join(' ')} failed: ${r.stderr}`);
  return (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
}

// bench_c_api's figures (ms and records) for a corpus file, by case.
function cApi(file, cases) {
  const r = spawnSync(path.join(BUILD, 'benchmarks', 'bench_c_api'), [file, '--runs', '1', '--only', cases.join(','), '--json'],
                      { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench_c_api failed: ${r.stderr}`);
  const out = {};
  for (const line of r.stdout.trim().split('\n')) {
    const f = JSON.parse(line);
    out[f.case] = { ms: f.seconds * 1000, records: f.records };
  }
  return out;
}

const count = (results) => results.reduce((n, r) => n + r.length, 0);
// [case, impl, call, how to count the records of its result (or null)]
const calls = [
  ['quotes-per-article', 'node', () => docs.map((d) => verbatim.quotes(d.text, { id: d.id })), count],
  ['quotes-per-article', 'cli', () => null, null],
  ['paragraphs-per-article', 'node', () => docs.map((d) => verbatim.paragraphs(d.text, { id: d.id })), count],
  ['match-corpus', 'node', () => verbatim.match(docs), (r) => r.length],
  ['match-corpus', 'cli', () => null, null],
  ['quoteindex-add', 'node', () => {
    const q = new verbatim.QuoteIndex();
    return docs.map((d) => q.add(d.id, d.text));
  }, null], // streaming may link a quote pair the two-pass match does not (6318 vs 6319 at 400): not counted
  ['similar-corpus', 'node', () => verbatim.similar(simDocs), (r) => r.length],
];
const cliArgs = {
  'quotes-per-article': (f) => ['quotes', f, '--json'],
  'match-corpus': (f) => ['match', f, '-o', path.join(dir, 'm.cbor')],
};
const size = {
  'quotes-per-article': [N, bytes], 'paragraphs-per-article': [N, bytes], 'match-corpus': [N, bytes],
  'quoteindex-add': [N, bytes], 'similar-corpus': [simDocs.length, textBytes(simDocs)],
};

const best = new Map(); // `${case}\t${impl}` -> ms
const keep = (kase, impl, ms) => {
  const k = `${kase}\t${impl}`;
  best.set(k, Math.min(best.get(k) ?? Infinity, ms));
};
for (let round = 0; round < RUNS; round++) {
  const c = { ...cApi(all, ['quotes-per-article', 'paragraphs-per-article', 'match-corpus']), ...cApi(sim, ['similar-corpus']) };
  c['quoteindex-add'] = c['match-corpus']; // streaming has no C driver of its own: the same work as the corpus match
  for (const [kase, f] of Object.entries(c)) keep(kase, 'c-api', f.ms);
  for (const [kase, impl, fn, counter] of calls) {
    if (impl === 'cli') {
      keep(kase, impl, cli(cliArgs[kase](all)) - cli(cliArgs[kase](one)));
      continue;
    }
    const [ms, out] = cpuMs(fn);
    keep(kase, impl, ms);
    if (counter && counter(out) !== c[kase].records) {
      throw new Error(`${kase}: node returned ${counter(out)} records, the C API wrote ${c[kase].records}`);
    }
  }
}

const rows = [...best].map(([k, ms]) => [...k.split('\t'), ms]);
const order = Object.keys(size);
rows.sort((x, y) => order.indexOf(x[0]) - order.indexOf(y[0]) || (x[1] !== 'c-api') - (y[1] !== 'c-api'));
const ref = Object.fromEntries(rows.filter((r) => r[1] === 'c-api').map((r) => [r[0], r[2]]));

if (JSON_OUT) {
  for (const [kase, impl, ms] of rows) {
    const [n, b] = size[kase];
    console.log(JSON.stringify({
      bench: 'node', case: kase, impl, n, bytes: b, seconds: ms / 1000, rate: n / (ms / 1000), unit: 'articles/s',
    }));
  }
} else {
  console.log(`${N} articles, ${(bytes / 1e6).toFixed(2)} MB of text; best of ${RUNS} rounds, CPU time; load ${os.loadavg()[0].toFixed(1)}`);
  console.log('call'.padEnd(24), 'impl'.padEnd(6), 'docs'.padStart(6), 'ms'.padStart(9), 'us/doc'.padStart(9), 'x C API'.padStart(8));
  for (const [kase, impl, ms] of rows) {
    const n = size[kase][0];
    console.log(kase.padEnd(24), impl.padEnd(6), String(n).padStart(6), ms.toFixed(2).padStart(9),
                (ms * 1000 / n).toFixed(1).padStart(9), (ms / ref[kase]).toFixed(2).padStart(8));
  }
}
fs.rmSync(dir, { recursive: true });
