'use strict';
// The Node binding's records API: round trips, cbor-x interop both ways,
// errors with positions, argument types, byte views and GC of handles.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const cbor = require('cbor-x');

const verbatim = require('..');
const { native, VerbatimError } = verbatim;

const FULL = {
  id: 'd\u00e9p\u00eache-7', text: '\u201cWe sail at dawn,\u201d she said. \u{1F6A2}\n',
  source: 'Harbour Gazette', url: 'https://example.org/7', title: 'Ferries', date: '2024-05-01', language: 'fr',
};
const BARE = { id: 'bare', text: '', source: null, url: null, title: null, date: null, language: null };

function catching(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected an exception');
}

test('documents round trip with every field', () => {
  const back = [...verbatim.readDocuments(verbatim.writeDocuments([FULL, BARE]))];
  assert.deepEqual(back, [FULL, BARE]);
});

test('writing is deterministic', () => {
  assert.deepEqual(verbatim.writeDocuments([FULL]), verbatim.writeDocuments([{ ...FULL }]));
});

test('records written by cbor-x are read, in any key order and with unknown keys', () => {
  const recs = [{ text: 'second key first', id: 'c1', extra: [1, { x: null }] },
                { id: 'c2', text: 't', source: 's', type: 'document' }];
  const data = Buffer.concat(recs.map((r) => cbor.encode(r)));
  const docs = [...verbatim.readDocuments(data)];
  assert.deepEqual(docs.map((d) => [d.id, d.text, d.source]), [['c1', 'second key first', null], ['c2', 't', 's']]);
});

test('records written by verbatim are read by cbor-x', () => {
  const recs = cbor.decodeMultiple(verbatim.writeDocuments([FULL, { id: 'x', text: 'y' }]));
  assert.deepEqual(recs[0], { ...FULL, type: 'document' });
  assert.deepEqual(recs[1], { id: 'x', text: 'y', type: 'document' });
});

test('reads from a file path', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-'));
  const file = path.join(dir, 'c.cbor');
  fs.writeFileSync(file, verbatim.writeDocuments([FULL]));
  assert.deepEqual([...verbatim.readDocuments(file)], [FULL]);
  fs.rmSync(dir, { recursive: true });
});

test('reads every kind of byte view in place', () => {
  const data = verbatim.writeDocuments([FULL, BARE]);
  const padded = Buffer.concat([Buffer.from('junk'), data]);
  const views = [data, new Uint8Array(data), padded.subarray(4),
                 new Uint8Array(padded.buffer, padded.byteOffset + 4, data.length),
                 data.buffer.slice(data.byteOffset, data.byteOffset + data.length)];
  for (const view of views) {
    assert.deepEqual([...verbatim.readDocuments(view)].map((d) => d.id), [FULL.id, 'bare']);
  }
});

test('readItems yields the bytes of each record', () => {
  const parts = [cbor.encode({ id: 'a', text: 'x' }), cbor.encode([1, 2, { k: 'v' }])];
  const items = [...verbatim.readItems(Buffer.concat(parts))];
  assert.deepEqual(items.map((b) => Buffer.from(b).toString('hex')), parts.map((b) => b.toString('hex')));
});

test('toJson matches the decoded item', () => {
  const item = cbor.encode({ id: 'j', n: [1, -2, 3.5, null, true], b: Buffer.from([0x00, 0xff]) });
  assert.deepEqual(JSON.parse(verbatim.toJson(item)), { id: 'j', n: [1, -2, 3.5, null, true], b: 'AP8=' });
  assert.ok(!verbatim.toJson(item).includes('\n'));
});

test('truncated input names record and offset', () => {
  const data = verbatim.writeDocuments([FULL, BARE]);
  const first = verbatim.writeDocuments([FULL]).length;
  const r = verbatim.readDocuments(data.subarray(0, data.length - 3));
  assert.deepEqual(r.next().value, FULL);
  const e = catching(() => r.next());
  assert.ok(e instanceof VerbatimError);
  assert.equal(e.code, 'VB_ERR_TRUNCATED');
  assert.equal(e.status, native.ERR_TRUNCATED);
  assert.equal(e.record, 1);
  assert.ok(e.offset >= first);
  assert.ok(r.failed);
});

test('a schema error names the field and reading goes on', () => {
  const data = Buffer.concat([cbor.encode({ id: 'a', text: 'one' }), cbor.encode({ id: 'b' }),
                              cbor.encode({ id: 'c', text: '3' })]);
  const r = verbatim.readDocuments(data);
  assert.equal(r.next().value.id, 'a');
  const e = catching(() => r.next());
  assert.deepEqual([e.code, e.record, e.field], ['VB_ERR_SCHEMA', 1, 'text']);
  assert.ok(!r.failed);
  assert.equal(r.recordIndex, 1);
  assert.deepEqual([...r].map((d) => d.id), ['c']);
});

test('malformed CBOR is VB_ERR_CBOR and ends the stream', () => {
  const r = verbatim.readDocuments(Buffer.from([0xa2, 0x62, 0x69, 0x64, 0x61, 0x61, 0x1c]));
  const e = catching(() => r.next());
  assert.equal(e.code, 'VB_ERR_CBOR');
  assert.equal(e.record, 0);
  assert.equal(typeof e.offset, 'number');
  assert.ok(r.failed);
});

test('invalid UTF-8 in a written field names field and offset', () => {
  const e = catching(() => verbatim.writeDocuments([FULL, { id: 'x', text: Buffer.from([0x6f, 0x6b, 0x20, 0xc3, 0x28]) }]));
  assert.deepEqual([e.code, e.field, e.offset, e.record], ['VB_ERR_UTF8', 'text', 3, null]);
  assert.match(e.message, /document 1/);
});

test('a missing file is VB_ERR_IO', () => {
  const e = catching(() => verbatim.readDocuments('/nonexistent/verbatim/x.cbor'));
  assert.equal(e.code, 'VB_ERR_IO');
});

test('wrong argument types throw TypeError', () => {
  for (const bad of [null, 42, [1], undefined, { length: 3 }]) {
    assert.throws(() => verbatim.readDocuments(bad), TypeError);
    assert.throws(() => verbatim.writeDocuments([bad]), TypeError);
    assert.throws(() => verbatim.toJson(bad), TypeError);
    assert.throws(() => verbatim.utf8Valid(bad), TypeError);
  }
  assert.throws(() => verbatim.writeDocuments(null), TypeError);
  assert.throws(() => verbatim.writeDocuments([{ id: 'a', text: 3 }]), /'text'/);
  assert.throws(() => native.reader_open_memory(native.reader_new(), 'a string is not bytes'), TypeError);
});

test('every status has a code', () => {
  const statuses = Object.keys(native).filter((k) => k.startsWith('ERR_'));
  assert.ok(statuses.length >= 10);
  for (const k of statuses) {
    assert.equal(new VerbatimError('m', { status: native[k] }).code, `VB_${k}`);
  }
});

test('UTF-8 helpers report validity and repair', () => {
  assert.ok(verbatim.utf8Valid('caf\u00e9') && verbatim.utf8Valid(Buffer.from('caf\u00e9')));
  assert.ok(!verbatim.utf8Valid(Buffer.from([0x63, 0xc3])));
  assert.deepEqual(native.utf8_valid(Buffer.from([0x61, 0x62, 0xff])), [false, 2]);
  assert.deepEqual(verbatim.utf8Repair(Buffer.from([0x61, 0xff, 0x62, 0xc3])), { text: 'a\ufffdb\ufffd', replaced: 2 });
});

test('version agrees with the headers', () => {
  assert.equal(verbatim.version(), native.VERSION_STRING);
  assert.equal(native.version(), native.VERSION_NUMBER);
});

test('the ESM entry exports the same API', async () => {
  const esm = await import('../index.mjs');
  assert.equal(esm.readDocuments, verbatim.readDocuments);
  assert.equal(esm.default, verbatim);
});

test('handles are freed by the garbage collector', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const text = 'x'.repeat(1 << 20);
  gc();
  const before = process.memoryUsage().rss;
  for (let i = 0; i < 300; i++) { // 300 MiB if writers leaked
    const w = new verbatim.Writer();
    w.write({ id: String(i), text });
    if (i % 20 === 0) gc();
  }
  gc();
  assert.ok((process.memoryUsage().rss - before) / 2 ** 20 < 100);
});

test('a small on-heap Uint8Array stays valid while the reader borrows it', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const bytes = cbor.encode({ id: 's', text: 'tiny' });
  assert.ok(bytes.length < 64); // V8 keeps typed arrays this small on its heap
  const r = verbatim.readDocuments(Uint8Array.from(bytes));
  for (let i = 0; i < 3; i++) {
    Array.from({ length: 1e5 }, (_, j) => ({ j })); // churn the young generation
    gc();
  }
  assert.deepEqual([...r].map((d) => d.text), ['tiny']);
});

test('limits are applied and exceeding one is VB_ERR_LIMIT', () => {
  const data = verbatim.writeDocuments([{ id: 'a', text: 'a text of some length' }]);
  assert.deepEqual([...verbatim.readDocuments(data, { maxTextBytes: 64 })].map((d) => d.id), ['a']);
  const e = catching(() => verbatim.readDocuments(data, { maxTextBytes: 16 }).next());
  assert.deepEqual([e.code, e.record], ['VB_ERR_LIMIT', 0]);
  assert.throws(() => verbatim.readDocuments(data, { maxCheese: 1 }), TypeError);
  assert.throws(() => verbatim.readDocuments(data, { maxDepth: 'deep' }), TypeError);
});
