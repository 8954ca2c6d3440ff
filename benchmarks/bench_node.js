'use strict';
// Whole-article calls through the Node module against the same work done by
// the C CLI (the C API with no binding), on generated articles (the
// generator of node/test/corpus.js). Prints each side's time and the
// overhead ratio Node / C. Not run by `make test`.
//
//   node benchmarks/bench_node.js [ARTICLES] [--json]   (default 400; build first)
//
// --json prints one JSON object per figure instead of the table (format in
// benchmarks/README.md; the reference for every figure is the CLI, "cli").
//
// The CLI's time is its run on the corpus minus its run on one article, so
// process start and file reading are (mostly) taken out; `quotes` prints
// JSON Lines there and objects are built here, so both sides produce the
// same records.
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
const positional = args.filter((a) => !a.startsWith('--'));
if (args.some((a) => a.startsWith('--') && a !== '--json') || positional.length > 1 ||
    (positional.length && !(Number(positional[0]) > 0))) {
  console.error('usage: node benchmarks/bench_node.js [ARTICLES] [--json]');
  process.exit(2);
}
const N = Number(positional[0] || 400);
// The quote pool grows with the corpus (one quote per two articles), so each
// quote is reprinted about eight times at every size and the matches grow
// linearly: with the generator's fixed pool of 40 they grow as N squared.
const docs = corpus(N, { seed: 99, pool: Math.max(1, Math.round(N / 2)) });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-node-'));
const all = path.join(dir, 'all.cbor');
const one = path.join(dir, 'one.cbor');
fs.writeFileSync(all, verbatim.writeDocuments(docs));
fs.writeFileSync(one, verbatim.writeDocuments(docs.slice(0, 1)));
const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0);

// Times are CPU milliseconds (user + system), best of `runs`: on a loaded
// machine wall time would also count the time a run spent descheduled, which
// a short run escapes more often than a long one.
function best(fn, runs = 3) {
  let t = Infinity;
  for (let i = 0; i < runs; i++) t = Math.min(t, fn());
  return t;
}

function cpuMs(fn) {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

// The CLI's CPU time, from bash's `times` (its second line: the children's
// user and system time, to the millisecond).
function cli(args) {
  return best(() => {
    const r = spawnSync('bash', ['-c', '"$@" >/dev/null; times', '_', path.join(BUILD, 'verbatim'), ...args],
                        { encoding: 'utf8' });
    const m = r.status === 0 && r.stdout.trim().split('\n')[1]?.match(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/);
    if (!m) throw new Error(`verbatim ${args.join(' ')} failed: ${r.stderr}`);
    return (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
  });
}

const rows = [];
{
  const c = cli(['quotes', all, '--json']) - cli(['quotes', one, '--json']);
  const n = best(() => cpuMs(() => { for (const d of docs) verbatim.quotes(d.text, { id: d.id }); }));
  rows.push(['quotes, one call per article', n, c, 'quotes-per-article']);
}
{
  const out = path.join(dir, 'm.cbor');
  const c = cli(['match', all, '-o', out]) - cli(['match', one, '-o', out]);
  const n = best(() => cpuMs(() => verbatim.match(docs)));
  rows.push(['match, whole corpus', n, c, 'match-corpus']);
}
{
  // Streaming has no CLI counterpart; the corpus match does the same work
  // (index every quote, scan every article), so it is the C reference.
  const n = best(() => cpuMs(() => { const q = new verbatim.QuoteIndex(); for (const d of docs) q.add(d.id, d.text); }));
  rows.push(['QuoteIndex.add per article (vs C corpus match)', n, rows[1][2], 'quoteindex-add']);
}

if (JSON_OUT) {
  // Times are in ms above; one object per side, articles per second.
  const line = (kase, impl, ms) => console.log(JSON.stringify({
    bench: 'node', case: kase, impl, n: N, bytes, seconds: ms / 1000,
    rate: N / (ms / 1000), unit: 'articles/s',
  }));
  for (const [, n, c, kase] of rows) {
    line(kase, 'cli', c);
    line(kase, 'node', n);
  }
  fs.rmSync(dir, { recursive: true });
  process.exit(0);
}

console.log(`${N} articles, ${(bytes / 1e6).toFixed(2)} MB of text; best of 3 runs, CPU time`);
console.log('call'.padEnd(48), 'Node ms'.padStart(9), 'C ms'.padStart(9), 'Node/C'.padStart(8), 'per article (Node)'.padStart(20));
for (const [name, n, c] of rows) {
  console.log(name.padEnd(48), n.toFixed(1).padStart(9), c.toFixed(1).padStart(9), (n / c).toFixed(2).padStart(8),
              `${(n * 1000 / N).toFixed(0)} us`.padStart(20));
}
fs.rmSync(dir, { recursive: true });
