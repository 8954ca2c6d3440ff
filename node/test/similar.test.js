'use strict';
// similar() and similarAsync(): the similar pairs of include/verbatim/similar.h,
// checked against `verbatim similar --json` on our reuse fixtures, and
// argument checking.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const verbatim = require('..');
const { VerbatimError } = verbatim;

const BUILD = process.env.VERBATIM_BUILD || path.join(__dirname, '..', '..', 'build');
const CLI = path.join(BUILD, 'verbatim');
const REUSE = path.join(__dirname, '..', '..', 'tests', 'fixtures', 'reuse');

// The fixtures in the CLI's order (bytewise file names), as {id, text}.
const DOCS = fs.readdirSync(REUSE).filter((f) => f.endsWith('.txt')).sort()
  .map((f) => ({ id: f.slice(0, -4), text: fs.readFileSync(path.join(REUSE, f)) }));

function cliRows(...args) {
  const out = execFileSync(CLI, ['similar', REUSE, '--json', ...args]).toString();
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function byPair(rows) {
  return new Map(rows.map((r) => [[r.a, r.b].sort().join('|'), r]));
}

test('similar gives the rows of verbatim similar --json', () => {
  assert.deepEqual(verbatim.similar(DOCS), cliRows());
  assert.deepEqual(verbatim.similar(DOCS, { minScore: 0, ngram: 3, boilerplate: true }),
    cliRows('--min-score', '0', '--ngram', '3', '--boilerplate'));
  assert.deepEqual(verbatim.similar(DOCS, { lsh: true }), cliRows('--lsh'));
});

test('copies outrank the rewrite, which outranks the unrelated stories', () => {
  const s = byPair(verbatim.similar(DOCS, { minScore: 0 }));
  assert.equal(s.size, 21);
  const rewrite = s.get('original|rewrite').score;
  for (const copy of ['reprint', 'spun', 'trimmed']) {
    const key = ['original', copy].sort().join('|');
    assert.ok(s.get(key).score > rewrite + 0.5, copy);
  }
  const unrelated = [...s.entries()].filter(([k]) => k.includes('unrelated')).map(([, r]) => r.score);
  assert.ok(rewrite > Math.max(...unrelated));
  const spun = s.get('original|spun');
  assert.equal(spun.type, 'similar-pair');
  assert.equal(spun.passages.length, 1);
  // byte spans into both texts
  const p = spun.passages[0];
  assert.ok(p.a_end <= DOCS.find((d) => d.id === 'original').text.length);
  assert.ok(p.substituted_words > 20);
});

test('similarAsync returns a promise of what similar gives', async () => {
  const pending = verbatim.similarAsync(DOCS, { minScore: 0 });
  assert.ok(pending instanceof Promise);
  assert.deepEqual(await pending, verbatim.similar(DOCS, { minScore: 0 }));
});

test('CBOR document bytes are accepted as the corpus', () => {
  const bytes = verbatim.writeDocuments(DOCS);
  assert.deepEqual(verbatim.similar(bytes), verbatim.similar(DOCS));
});

test('wrong types throw TypeError naming the argument', async () => {
  const cases = [
    [null, /array of \{id, text\}/], [undefined, /array of \{id, text\}/], ['text', /array/],
    [[null], /document 0/], [[{ id: 'a' }], /document 0's text/], [[{ text: 'x' }], /id/],
  ];
  for (const [docs, re] of cases) {
    assert.throws(() => verbatim.similar(docs), (e) => e instanceof TypeError && re.test(e.message));
    await assert.rejects(verbatim.similarAsync(docs), (e) => e instanceof TypeError && re.test(e.message));
  }
  const opts = [
    [null, /options object/], [[], /options object/], [{ ngram: '5' }, /ngram/], [{ ngram: 2.5 }, /ngram/],
    [{ minScore: '0.1' }, /minScore/], [{ minScore: null }, /minScore/], [{ boilerplate: 1 }, /boilerplate/],
    [{ lsh: 'yes' }, /lsh/], [{ lshThreshold: true }, /lshThreshold/], [{ seed: 1.5 }, /seed/],
    [{ min_score: 0 }, /unknown similar\(\) option 'min_score'/],
  ];
  for (const [o, re] of opts) {
    assert.throws(() => verbatim.similar(DOCS, o), (e) => e instanceof TypeError && re.test(e.message));
  }
});

test('undefined options are the defaults', () => {
  assert.deepEqual(verbatim.similar(DOCS, { minScore: undefined, ngram: undefined, seed: undefined }),
    verbatim.similar(DOCS));
});

test('values out of range are VerbatimError VB_ERR_ARG', async () => {
  for (const o of [{ ngram: 0 }, { ngram: 65 }, { ngram: -1 }, { minScore: 1.5 }, { minScore: NaN },
    { lshThreshold: 0 }, { seed: -1 }, { seed: -1n }]) {
    assert.throws(() => verbatim.similar(DOCS, o), (e) => e instanceof VerbatimError && e.code === 'VB_ERR_ARG',
      JSON.stringify(o, (k, v) => (typeof v === 'bigint' ? String(v) : v)));
  }
  await assert.rejects(verbatim.similarAsync(DOCS, { minScore: 2 }),
    (e) => e instanceof VerbatimError && e.code === 'VB_ERR_ARG' && e.field === 'min_score');
});

test('a seed (BigInt or number) changes the hashes but not the copies', () => {
  const base = verbatim.similar(DOCS, { minScore: 0 });
  const big = verbatim.similar(DOCS, { minScore: 0, seed: 12345n });
  assert.deepEqual(big, verbatim.similar(DOCS, { minScore: 0, seed: 12345 }));
  assert.equal(byPair(big).get('original|reprint').score, 1);
  const dist = (rows) => [...byPair(rows).entries()].sort().map(([k, r]) => `${k}:${r.simhash_distance}`).join(',');
  assert.notEqual(dist(big), dist(base));
});

test('empty documents share nothing', () => {
  const rows = verbatim.similar([{ id: 'a', text: '' }, { id: 'b', text: '' }], { minScore: 0 });
  assert.equal(rows.length, 1);
  assert.equal(rows[0].score, 0);
  assert.deepEqual(rows[0].passages, []);
});

test('SimilarIndex.add returns the pairs of the new article with the earlier ones', () => {
  const ix = new verbatim.SimilarIndex({ minScore: 0 });
  DOCS.forEach((d, i) => {
    const rows = ix.add(d.id, d.text);
    assert.equal(rows.length, i);
    assert.ok(rows.every((r) => r.b === d.id));
  });
  assert.equal(ix.size, DOCS.length);
  assert.deepEqual(ix.pairs(), verbatim.similar(DOCS, { minScore: 0 }));
});

test('SimilarIndex checks its arguments and keeps going after a bad article', () => {
  assert.throws(() => new verbatim.SimilarIndex({ ngram: 'x' }), TypeError);
  assert.throws(() => new verbatim.SimilarIndex(null), TypeError);
  assert.throws(() => new verbatim.SimilarIndex({ ngram: 0 }), (e) => e instanceof VerbatimError && e.code === 'VB_ERR_ARG');
  const ix = new verbatim.SimilarIndex();
  assert.throws(() => ix.add(undefined, 'text'), TypeError);
  assert.throws(() => ix.add('a', null), TypeError);
  assert.throws(() => ix.add('a', Buffer.from([0x41, 0xc3])),
    (e) => e instanceof VerbatimError && e.code === 'VB_ERR_UTF8' && e.record === 0 && e.offset === 1);
  assert.equal(ix.size, 0);
  assert.deepEqual(ix.add('a', ''), []);
  assert.equal(ix.size, 1);
});
