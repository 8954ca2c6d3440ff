'use strict';
// The example service, run as a child process on an ephemeral loopback
// port: every endpoint and error code, persistence across restarts (clean
// and killed), and a bounded load test.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const NODE_DIR = path.join(__dirname, '..', '..', '..', 'node');
const cborx = require(require.resolve('cbor-x', { paths: [NODE_DIR] }));
const verbatim = require(NODE_DIR);
const SERVER = path.join(__dirname, '..', 'server.js');

const A = { id: 'wire-1', text: '\u201cThe bridge will reopen before the winter storms arrive,\u201d said Mayor Ilse Varga.\n\nTraffic was diverted.\n' };
const B = { id: 'paper-2', text: 'Officials met on Monday.\n\n\u201cThe bridge will reopen before the winter storms,\u201d Varga said.\n' };
const C = { id: 'blog-3', text: 'The bridge will reopen before the winter storms arrive, the mayor told reporters.\n' };

function start(indexFile, extra = []) {
  const child = spawn(process.execPath, [SERVER, '--port', '0', '--index', indexFile, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), exited: new Promise((r) => child.on('exit', (code, sig) => r({ code, sig }))) });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

function request(port, method, urlPath, { body = null, type = 'application/json', accept = 'application/json', agent } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === null ? null : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const headers = { Accept: accept };
    if (data) {
      headers['Content-Type'] = type;
      headers['Content-Length'] = data.length;
    }
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const ct = res.headers['content-type'] || '';
        const value = ct.startsWith('application/cbor') ? cborx.decode(raw) : raw.length ? JSON.parse(raw.toString()) : null;
        resolve({ status: res.statusCode, type: ct, body: value });
      });
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

function tmpIndex() {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-svc-')), 'index.cbor');
}

test('every endpoint, in JSON and in CBOR', async () => {
  const file = tmpIndex();
  const svc = await start(file);
  try {
    const q = await request(svc.port, 'POST', '/v1/quotes', { body: A });
    assert.equal(q.status, 200);
    assert.deepEqual(q.body.quotes, verbatim.quotes(A.text, { id: A.id }));

    // CBOR in (a document record encoded by cbor-x) and CBOR out (decoded by cbor-x).
    const qc = await request(svc.port, 'POST', '/v1/quotes', { body: cborx.encode(A), type: 'application/cbor', accept: 'application/cbor' });
    assert.equal(qc.status, 200);
    assert.equal(qc.type, 'application/cbor');
    assert.deepEqual(qc.body.quotes, q.body.quotes);

    const m = await request(svc.port, 'POST', '/v1/match', { body: { articles: [A, B, C] } });
    assert.equal(m.status, 200);
    assert.deepEqual(m.body.matches, verbatim.match([A, B, C]));
    const seq = Buffer.concat([A, B, C].map((d) => cborx.encode(d)));
    const mc = await request(svc.port, 'POST', '/v1/match', { body: seq, type: 'application/cbor', accept: 'application/cbor' });
    assert.deepEqual(mc.body.matches, m.body.matches);

    const first = await request(svc.port, 'POST', '/v1/articles', { body: A });
    assert.deepEqual(first.body, { id: A.id, matches: [] });
    const second = await request(svc.port, 'POST', '/v1/articles', { body: cborx.encode(B), type: 'application/cbor' });
    assert.equal(second.status, 200);
    assert.ok(second.body.matches.some((x) => x.kind === 'truncated'));

    const cl = await request(svc.port, 'GET', '/v1/clusters');
    assert.equal(cl.status, 200);
    assert.equal(cl.body.clusters.length, 1);
    assert.equal(cl.body.clusters[0].size, 2);
  } finally {
    svc.child.kill('SIGTERM');
    await svc.exited;
  }
});

test('bad requests get 400/404/405/413/415 naming the problem, and the service keeps serving', async () => {
  const file = tmpIndex();
  const svc = await start(file, ['--max-body', '2048']);
  try {
    const cases = [
      [{ body: '{"id": "x", "text": ' }, 400, 'bad_json'],
      [{ body: { id: 'x' } }, 400, 'bad_request', 'text'],
      [{ body: { id: 'x', text: 42 } }, 400, 'bad_request', 'text'],
      [{ body: [1, 2] }, 400, 'bad_request'],
      [{ body: cborx.encode({ id: 'x', text: 7 }), type: 'application/cbor' }, 400, 'VB_ERR_SCHEMA', 'text'],
      [{ body: Buffer.from([0xa2, 0x62, 0x69]), type: 'application/cbor' }, 400, 'VB_ERR_TRUNCATED'],
      [{ body: 'x', type: 'text/plain' }, 415, 'unsupported_media_type'],
      [{ body: { id: 'x', text: 'a'.repeat(4096) } }, 413, 'too_large'],
    ];
    for (const [opts, status, code, field] of cases) {
      const r = await request(svc.port, 'POST', '/v1/articles', opts);
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.equal(r.body.error.code, code);
      if (field) assert.equal(r.body.error.field, field);
    }
    const j = await request(svc.port, 'POST', '/v1/quotes', { body: '{"text": "abc" ' });
    assert.equal(j.body.error.offset, 15);
    // Invalid UTF-8 inside a CBOR text string: the library's byte offset into the body.
    const bad = cborx.encode({ id: 'u', text: 'abcd' });
    bad[bad.length - 2] = 0xff;
    const u = await request(svc.port, 'POST', '/v1/articles', { body: bad, type: 'application/cbor' });
    assert.equal(u.status, 400);
    assert.equal(u.body.error.code, 'VB_ERR_UTF8');
    assert.equal(u.body.error.offset, bad.length - 2);
    // ... and inside a JSON string (a lone surrogate is fine for JSON, so use the library's check on text).
    const lone = await request(svc.port, 'POST', '/v1/quotes', { body: '{"text": "\\ud800"}' });
    assert.equal(lone.status, 200);
    const missing = await request(svc.port, 'POST', '/v1/match', { body: { articles: [A, { id: 'y' }] } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.record, 1);
    assert.equal((await request(svc.port, 'GET', '/v1/nope')).status, 404);
    assert.equal((await request(svc.port, 'GET', '/v1/articles')).status, 405);
    const ok = await request(svc.port, 'POST', '/v1/articles', { body: A });
    assert.equal(ok.status, 200);
    assert.equal((await request(svc.port, 'GET', '/v1/health')).body.articles, 1);
  } finally {
    svc.child.kill('SIGTERM');
    await svc.exited;
  }
});

test('the index is saved on SIGTERM and loaded at the next start', async () => {
  const file = tmpIndex();
  let svc = await start(file, ['--save-every', '0', '--save-interval', '0']);
  await request(svc.port, 'POST', '/v1/articles', { body: A });
  svc.child.kill('SIGTERM');
  assert.deepEqual(await svc.exited, { code: 0, sig: null });
  assert.ok(fs.existsSync(file));
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['index.cbor']); // no temporary left behind
  svc = await start(file);
  try {
    assert.equal((await request(svc.port, 'GET', '/v1/health')).body.articles, 1);
    const r = await request(svc.port, 'POST', '/v1/articles', { body: B });
    assert.ok(r.body.matches.some((x) => x.a.doc === A.id || x.b.doc === A.id)); // matched against the saved article
  } finally {
    svc.child.kill('SIGINT');
    assert.equal((await svc.exited).code, 0);
  }
});

test('a killed server loses at most the articles since the last save', async () => {
  const file = tmpIndex();
  const svc = await start(file, ['--save-every', '2', '--save-interval', '0']);
  await request(svc.port, 'POST', '/v1/articles', { body: A });
  await request(svc.port, 'POST', '/v1/articles', { body: B }); // triggers a save
  for (let i = 0; i < 100 && !(fs.existsSync(file) && verbatim.QuoteIndex.load(fs.readFileSync(file)).size === 2); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await request(svc.port, 'POST', '/v1/articles', { body: C }); // not saved yet
  svc.child.kill('SIGKILL');
  await svc.exited;
  const again = await start(file);
  try {
    assert.equal((await request(again.port, 'GET', '/v1/health')).body.articles, 2);
  } finally {
    again.child.kill('SIGTERM');
    await again.exited;
  }
});

test('load: 2000 requests, 20 at a time, none fails', async () => {
  const { corpus } = require(path.join(NODE_DIR, 'test', 'corpus.js'));
  const file = tmpIndex();
  const svc = await start(file, ['--save-every', '500']);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
  const TOTAL = 2000;
  const CONCURRENCY = 20;
  const docs = corpus(TOTAL / 2, { seed: 21, quotesPer: 3, fillerPer: 3 });
  const latencies = [];
  let failed = 0;
  let next = 0;
  const t0 = process.hrtime.bigint();
  async function worker() {
    while (next < TOTAL) {
      const i = next++;
      const doc = docs[i >> 1];
      const t = process.hrtime.bigint();
      // Even requests add an article to the live index, odd ones ask for its quotes.
      const r = await request(svc.port, 'POST', i % 2 === 0 ? '/v1/articles' : '/v1/quotes', { body: doc, agent }).catch(() => ({ status: 0 }));
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (r.status !== 200) failed++;
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  console.log(`# load: ${TOTAL} requests, concurrency ${CONCURRENCY}: ${(TOTAL / seconds).toFixed(0)} requests/s, ` +
              `p50 ${p(0.5).toFixed(1)} ms, p99 ${p(0.99).toFixed(1)} ms, failed ${failed}`);
  try {
    assert.equal(failed, 0);
    assert.equal(latencies.length, TOTAL);
    assert.equal((await request(svc.port, 'GET', '/v1/health')).body.articles, TOTAL / 2);
  } finally {
    svc.child.kill('SIGTERM');
    await svc.exited;
  }
});
