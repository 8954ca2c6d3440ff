'use strict';
// Quotes, paragraphs, corpus matching, the streaming QuoteIndex, the async
// variants (event loop keeps running) and argument checking.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const cbor = require('cbor-x');

const verbatim = require('..');
const { QuoteIndex, VerbatimError } = verbatim;
const { corpus } = require('./corpus.js');

const BUILD = process.env.VERBATIM_BUILD || path.join(__dirname, '..', '..', 'build');
const CLI = path.join(BUILD, 'verbatim');

const A = { id: 'wire-1', text: '\u201cThe bridge will reopen before the winter storms arrive,\u201d said Mayor Ilse Varga.\n\nTraffic was diverted.\n' };
const B = { id: 'paper-2', text: 'Officials met on Monday.\n\n\u201cThe bridge will reopen before the winter storms,\u201d Varga said.\n' };
const C = { id: 'blog-3', text: 'The bridge will reopen before the winter storms arrive, the mayor told reporters.\n' };

function catching(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected an exception');
}

test('quotes gives spans into the UTF-8 text and the speaker', () => {
  const qs = verbatim.quotes(A.text, { id: A.id });
  assert.equal(qs.length, 1);
  const bytes = Buffer.from(A.text);
  assert.equal(bytes.subarray(qs[0].start, qs[0].end).toString(), qs[0].text);
  assert.equal(qs[0].text, 'The bridge will reopen before the winter storms arrive,');
  assert.equal(qs[0].speaker, 'Ilse Varga');
  assert.equal(qs[0].doc, A.id);
});

test('quotes and paragraphs accept bytes as well as strings', () => {
  assert.deepEqual(verbatim.quotes(Buffer.from(A.text)), verbatim.quotes(A.text));
  assert.deepEqual(verbatim.paragraphs(new Uint8Array(Buffer.from(A.text))), verbatim.paragraphs(A.text));
});

test('paragraphs splits on blank lines', () => {
  const ps = verbatim.paragraphs(A.text);
  assert.equal(ps.length, 2);
  assert.equal(Buffer.from(A.text).subarray(ps[1].start, ps[1].end).toString(), 'Traffic was diverted.');
});

test('match finds the trimmed quote and the unquoted reuse', () => {
  const ms = verbatim.match([A, B, C]);
  const kinds = new Set(ms.filter((m) => m.a.doc === A.id).map((m) => `${m.b.doc}:${m.kind}`));
  assert.ok(kinds.has('paper-2:truncated'), [...kinds].join());
  assert.ok(kinds.has('blog-3:unquoted'), [...kinds].join());
});

test('match objects equal the lines of `verbatim match --json`', { skip: !fs.existsSync(CLI) && 'CLI not built' }, () => {
  const docs = corpus(12, { seed: 3 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-m-'));
  const file = path.join(dir, 'docs.cbor');
  fs.writeFileSync(file, verbatim.writeDocuments(docs));
  const lines = execFileSync(CLI, ['match', file, '--json'], { encoding: 'utf8' }).trim().split('\n');
  const cli = lines.map((l) => JSON.parse(l));
  assert.ok(cli.length > 10);
  assert.deepEqual(verbatim.match(docs), cli);
  const cliClusters = execFileSync(CLI, ['match', file, '--clusters'], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(verbatim.clusters(docs), cliClusters);
  fs.rmSync(dir, { recursive: true });
});

test('match takes the bytes of a CBOR document sequence written by cbor-x', () => {
  const bytes = Buffer.concat([A, B, C].map((d) => cbor.encode(d)));
  assert.deepEqual(verbatim.match(bytes), verbatim.match([A, B, C]));
});

test('match records written by verbatim decode with cbor-x', () => {
  const m = verbatim.native.js_match_corpus(verbatim.writeDocuments([A, B, C]));
  const w = verbatim.native.writer_new();
  verbatim.native.matcher_write_matches(m, w);
  const recs = cbor.decodeMultiple(verbatim.native.writer_data(w));
  assert.deepEqual(recs, verbatim.match([A, B, C]));
});

test('QuoteIndex.add returns only the matches against earlier articles', () => {
  const index = new QuoteIndex();
  assert.deepEqual(index.add(A.id, A.text), []);
  const second = index.add(B.id, B.text);
  assert.ok(second.length > 0);
  for (const m of second) assert.ok(m.a.doc === B.id || m.b.doc === B.id);
  const third = index.add(C.id, C.text);
  assert.ok(third.some((m) => m.a.doc === A.id && m.b.doc === C.id && m.kind === 'unquoted'));
  assert.equal(index.size, 3);
  assert.equal(index.matches().length, second.length + third.length);
  assert.ok(index.clusters().length >= 1);
});

test('a saved index decodes with cbor-x and loads into an index that keeps matching', () => {
  const index = new QuoteIndex();
  index.add(A.id, A.text);
  const saved = index.save();
  assert.ok(Buffer.isBuffer(saved));
  assert.equal(cbor.decode(saved).type, 'matcher');
  for (const bytes of [saved, new Uint8Array(saved), saved.buffer.slice(saved.byteOffset, saved.byteOffset + saved.length)]) {
    const back = QuoteIndex.load(bytes);
    assert.equal(back.size, 1);
    const fresh = new QuoteIndex();
    fresh.add(A.id, A.text);
    const expect = fresh.add(B.id, B.text);
    assert.ok(expect.length > 0);
    assert.deepEqual(back.add(B.id, B.text), expect);
  }
});

test('a corrupt or foreign index is refused with a VerbatimError and a position', () => {
  const saved = new QuoteIndex().save();
  const e = catching(() => QuoteIndex.load(saved.subarray(0, saved.length - 2)));
  assert.ok(e instanceof VerbatimError);
  assert.equal(e.code, 'VB_ERR_TRUNCATED');
  const f = catching(() => QuoteIndex.load(cbor.encode({ type: 'document', id: 'x', text: 'y' })));
  assert.ok(f instanceof VerbatimError);
  assert.equal(f.code, 'VB_ERR_SCHEMA');
});

test('invalid UTF-8 is a VerbatimError with field and offset', () => {
  const e = catching(() => new QuoteIndex().add('bad', Buffer.from([0x41, 0x42, 0xc3, 0x28])));
  assert.ok(e instanceof VerbatimError);
  assert.equal(e.code, 'VB_ERR_UTF8');
  assert.equal(e.offset, 2);
  const q = catching(() => verbatim.quotes(Buffer.from([0x41, 0xff])));
  assert.equal(q.code, 'VB_ERR_UTF8');
  assert.equal(q.offset, 1);
});

test('wrong argument types throw TypeError, never crash', async () => {
  const bad = [undefined, null, 42, {}, [], true, () => 1, Symbol('s')];
  const index = new QuoteIndex();
  for (const x of bad) {
    assert.throws(() => verbatim.quotes(x), TypeError);
    assert.throws(() => verbatim.paragraphs(x), TypeError);
    assert.throws(() => index.add(x, 'text'), TypeError);
    assert.throws(() => index.add('id', x), TypeError);
    await assert.rejects(index.addAsync('id', x), TypeError);
    assert.throws(() => QuoteIndex.load(x), TypeError);
    if (!Array.isArray(x)) {
      assert.throws(() => verbatim.match(x), TypeError);
      await assert.rejects(verbatim.matchAsync(x), TypeError);
    }
    assert.throws(() => verbatim.match([x]), TypeError);
    assert.throws(() => verbatim.match([{ id: 'a', text: x }]), TypeError);
  }
  assert.throws(() => new QuoteIndex({ minWords: 0 }), TypeError);
  assert.throws(() => new QuoteIndex({ nope: 1 }), TypeError);
  assert.throws(() => verbatim.native.js_matcher_check({}, 'a', 'b'), TypeError);
  assert.throws(() => verbatim.native.js_matcher_matches(new verbatim.Writer()._w, 0), TypeError);
  assert.equal(index.size, 0);
});

test('a huge string is handled, not a crash', () => {
  const huge = 'word '.repeat(4 * 1024 * 1024); // 20 MiB, no quotes
  assert.deepEqual(verbatim.quotes(huge), []);
  const index = new QuoteIndex();
  assert.deepEqual(index.add('huge', huge), []);
});

test('options change what matches', () => {
  const strict = new QuoteIndex({ minSimilarity: 1, minWords: 12 });
  strict.add(A.id, A.text);
  assert.deepEqual(strict.add(B.id, B.text), []);
});

test('matchAsync and addAsync give what the sync calls give', async () => {
  const docs = corpus(20, { seed: 5 });
  assert.deepEqual(await verbatim.matchAsync(docs), verbatim.match(docs));
  assert.deepEqual(await verbatim.clustersAsync(docs), verbatim.clusters(docs));
  const sync = new QuoteIndex();
  const expect = docs.map((d) => sync.add(d.id, d.text));
  const index = new QuoteIndex();
  const got = await Promise.all(docs.map((d) => index.addAsync(d.id, d.text))); // queued in call order
  assert.deepEqual(got, expect);
  assert.deepEqual(await index.saveAsync(), sync.save());
});

test('a sync call while async calls are pending is refused', async () => {
  const index = new QuoteIndex();
  const p = index.addAsync(A.id, A.text);
  const e = catching(() => index.add(B.id, B.text));
  assert.equal(e.code, 'VB_ERR_STATE');
  await p;
  assert.ok(index.add(B.id, B.text).length > 0);
});

test('async errors reject with VerbatimError', async () => {
  const index = new QuoteIndex();
  const e = await index.addAsync('bad', Buffer.from([0x61, 0xff])).catch((x) => x);
  assert.ok(e instanceof VerbatimError);
  assert.equal(e.code, 'VB_ERR_UTF8');
  assert.equal(e.offset, 1);
  assert.equal((await index.addAsync(A.id, A.text)).length, 0); // still usable
  const m = await verbatim.matchAsync(Buffer.from([0xa1, 0x61])).catch((x) => x);
  assert.ok(m instanceof VerbatimError);
});

test('the event loop keeps ticking during a long matchAsync', async () => {
  // Grow the corpus until the blocking call takes long enough to see ticks
  // in its async twin, so the test means the same on a fast or a busy machine.
  let n = 200;
  let docs;
  let syncMs;
  let syncTicks;
  for (;;) {
    docs = corpus(n, { seed: 11 });
    const t0 = Date.now();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    verbatim.match(docs); // the sync call blocks: no tick can run during it
    syncMs = Date.now() - t0;
    syncTicks = ticks;
    clearInterval(timer);
    if (syncMs >= 400 || n >= 12800) break;
    n *= 2;
  }
  assert.equal(syncTicks, 0);

  let ticks = 0;
  const t0 = Date.now();
  let last = t0;
  let gap = 0;
  const timer = setInterval(() => {
    ticks++;
    const now = Date.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 5);
  const ms = await verbatim.matchAsync(docs);
  const asyncMs = Date.now() - t0;
  clearInterval(timer);
  console.log(`# matchAsync of ${n} articles: ${asyncMs} ms, ${ticks} ticks of a 5 ms interval, ` +
              `longest gap ${gap} ms (sync match: ${syncMs} ms, ${syncTicks} ticks)`);
  assert.ok(ms.length > 1000);
  // On an idle machine this is ~asyncMs / 5; shared CPUs slow the timer, so ask for far less.
  assert.ok(ticks >= 10, `${ticks} ticks in ${asyncMs} ms`);
});

test('the addon refuses to load in a worker thread instead of crashing', async () => {
  const { Worker } = require('node:worker_threads');
  const w = new Worker(`require(${JSON.stringify(path.join(__dirname, '..'))})`, { eval: true });
  const err = await new Promise((resolve) => w.on('error', resolve));
  assert.match(err.message, /main thread/);
  assert.equal(verbatim.quotes(A.text).length, 1); // the main thread is fine
});

test('the ESM entry exports the matching API', async () => {
  const esm = await import('../index.mjs');
  for (const name of ['quotes', 'paragraphs', 'match', 'clusters', 'matchAsync', 'clustersAsync', 'QuoteIndex']) {
    assert.equal(esm[name], verbatim[name], name);
  }
});
