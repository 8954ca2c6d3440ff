'use strict';
// A newsroom quote service on node:http (no frameworks): every incoming
// article is checked against every quote seen so far. See README.md.
//
//   node server.js [--port N] [--index FILE] [--max-body BYTES]
//                  [--save-every N] [--save-interval MS]
//
// Environment: PORT, VERBATIM_INDEX, MAX_BODY, SAVE_EVERY, SAVE_INTERVAL_MS
// (arguments win). Port 0 picks a free port; the first line on stdout is
// "listening on http://127.0.0.1:PORT".
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const verbatim = require(path.join(__dirname, '..', '..', 'node'));
const cbor = require('./cbor.js');

const { QuoteIndex, VerbatimError } = verbatim;

/** An error that becomes an HTTP response: status and a body naming the problem. */
class HttpError extends Error {
  constructor(status, code, message, { field = null, offset = null, record = null } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.offset = offset;
    this.record = record;
  }
}

function parseArgs(argv, env) {
  const opt = {
    port: Number(env.PORT ?? 8080),
    index: env.VERBATIM_INDEX ?? path.join(process.cwd(), 'quote-index.cbor'),
    maxBody: Number(env.MAX_BODY ?? 1024 * 1024),
    saveEvery: Number(env.SAVE_EVERY ?? 50),
    saveIntervalMs: Number(env.SAVE_INTERVAL_MS ?? 30000),
  };
  const names = { '--port': 'port', '--index': 'index', '--max-body': 'maxBody', '--save-every': 'saveEvery', '--save-interval': 'saveIntervalMs' };
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i]];
    if (!key || i + 1 >= argv.length) throw new Error(`unknown or incomplete argument: ${argv[i]}`);
    opt[key] = key === 'index' ? argv[++i] : Number(argv[++i]);
  }
  for (const k of ['port', 'maxBody', 'saveEvery', 'saveIntervalMs']) {
    if (!Number.isInteger(opt[k]) || opt[k] < 0) throw new Error(`${k} must be a non-negative integer`);
  }
  return opt;
}

/** Write `bytes` to `file` atomically: a temporary file, fsync, rename, fsync of the directory. */
function writeAtomic(file, bytes) {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', 0o644);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, 'too_large', `the body is ${declared} bytes; the limit is ${limit}`));
      return;
    }
    const chunks = [];
    let size = 0;
    let failed = false;
    req.on('data', (c) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, 'too_large', `the body exceeds the limit of ${limit} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks)); });
    req.on('error', (e) => { if (!failed) { failed = true; reject(e); } });
  });
}

function mediaType(req) {
  return (req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
}

/** The articles of a request body: a list of {id, text}. */
function decodeArticles(req, body, { many, requireId = many }) {
  const type = mediaType(req);
  if (type === 'application/cbor') {
    // A CBOR sequence of document records ({id, text, ...}), read by verbatim.
    let docs;
    try {
      docs = [...verbatim.readDocuments(body)];
    } catch (e) {
      if (e instanceof VerbatimError) {
        throw new HttpError(400, e.code, e.message, { field: e.field, offset: e.offset, record: e.record });
      }
      throw e;
    }
    if (!many && docs.length !== 1) throw new HttpError(400, 'bad_request', `expected one document record, got ${docs.length}`);
    if (many && docs.length === 0) throw new HttpError(400, 'bad_request', 'expected at least one document record', { field: 'articles' });
    return docs.map((d) => ({ id: d.id, text: d.text ?? '' }));
  }
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', `Content-Type must be application/json or application/cbor, not '${type || '(none)'}'`);
  }
  let value;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    const m = /position (\d+)/.exec(e.message);
    const offset = m ? Number(m[1]) : /end of JSON/.test(e.message) ? body.length : null;
    throw new HttpError(400, 'bad_json', e.message, { offset });
  }
  let list = value;
  if (many) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) list = value.articles;
    if (!Array.isArray(list) || list.length === 0) throw new HttpError(400, 'bad_request', 'expected a non-empty array of articles', { field: 'articles' });
  } else {
    list = [value];
  }
  return list.map((a, i) => {
    const record = many ? i : null;
    if (a === null || typeof a !== 'object' || Array.isArray(a)) throw new HttpError(400, 'bad_request', 'an article must be an object {id, text}', { record });
    if (typeof a.text !== 'string') throw new HttpError(400, 'bad_request', "'text' must be a string", { field: 'text', record });
    if (requireId || a.id !== undefined) {
      if (typeof a.id !== 'string' || a.id.length === 0) throw new HttpError(400, 'bad_request', "'id' must be a non-empty string", { field: 'id', record });
    }
    return { id: a.id ?? 'doc', text: a.text };
  });
}

/** Create the service: { server, index, save(), shutdown() }; call server.listen yourself. */
function createService(options) {
  const opt = { ...parseArgs([], {}), ...options };
  let index = new QuoteIndex();
  if (fs.existsSync(opt.index)) index = QuoteIndex.load(fs.readFileSync(opt.index));
  let unsaved = 0;
  let saving = Promise.resolve();
  let closing = false;

  /** Save the index if anything changed (queued after pending adds; one save at a time). */
  function save() {
    saving = saving.then(async () => {
      if (unsaved === 0 && fs.existsSync(opt.index)) return;
      const n = unsaved;
      const bytes = await index.saveAsync();
      writeAtomic(opt.index, bytes);
      unsaved -= n;
    });
    return saving;
  }

  const timer = opt.saveIntervalMs > 0 ? setInterval(() => { save().catch((e) => console.error('save failed:', e.message)); }, opt.saveIntervalMs) : null;
  if (timer) timer.unref();

  async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    const routes = ['POST /v1/quotes', 'POST /v1/match', 'POST /v1/articles', 'GET /v1/clusters', 'GET /v1/health'];
    if (!routes.includes(route)) {
      if (routes.some((r) => r.endsWith(` ${url.pathname}`))) throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname}`);
      throw new HttpError(404, 'not_found', `no route ${url.pathname}`);
    }
    if (req.method === 'GET') {
      req.resume();
      if (route === 'GET /v1/health') return { ok: true, articles: index.size };
      await index.idle();
      return { clusters: index.clusters() };
    }
    const body = await readBody(req, opt.maxBody);
    try {
      if (route === 'POST /v1/quotes') {
        const [a] = decodeArticles(req, body, { many: false });
        return { id: a.id, quotes: verbatim.quotes(a.text, { id: a.id }) };
      }
      if (route === 'POST /v1/match') {
        return { matches: await verbatim.matchAsync(decodeArticles(req, body, { many: true })) };
      }
      const [a] = decodeArticles(req, body, { many: false, requireId: true });
      const matches = await index.addAsync(a.id, a.text);
      unsaved++;
      if (opt.saveEvery > 0 && unsaved >= opt.saveEvery) save().catch((e) => console.error('save failed:', e.message));
      return { id: a.id, matches };
    } catch (e) {
      if (e instanceof VerbatimError) {
        throw new HttpError(400, e.code, e.message, { field: e.field || 'text', offset: e.offset, record: e.record });
      }
      throw e;
    }
  }

  function send(req, res, status, value) {
    const wantCbor = /application\/cbor/.test(req.headers.accept || '');
    const body = wantCbor ? cbor.encode(value) : Buffer.from(JSON.stringify(value));
    res.writeHead(status, { 'Content-Type': wantCbor ? 'application/cbor' : 'application/json', 'Content-Length': body.length });
    res.end(body);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).then((value) => send(req, res, 200, value), (e) => {
      if (e instanceof HttpError) {
        if (e.status === 413) res.setHeader('Connection', 'close');
        send(req, res, e.status, { error: { code: e.code, message: e.message, field: e.field, offset: e.offset, record: e.record } });
      } else {
        console.error('internal error:', e);
        send(req, res, 500, { error: { code: 'internal', message: 'internal error' } });
      }
    });
  });

  async function shutdown() {
    if (closing) return;
    closing = true;
    if (timer) clearInterval(timer);
    await new Promise((resolve) => { server.close(resolve); server.closeIdleConnections(); });
    await index.idle();
    await save();
  }

  return { server, get index() { return index; }, save, shutdown, options: opt };
}

if (require.main === module) {
  let opt;
  try {
    opt = parseArgs(process.argv.slice(2), process.env);
  } catch (e) {
    console.error(`server.js: ${e.message}`);
    process.exit(2);
  }
  const svc = createService(opt);
  svc.server.listen(opt.port, '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${svc.server.address().port} (index ${opt.index}, ${svc.index.size} articles)`);
  });
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      svc.shutdown().then(() => process.exit(0), (e) => {
        console.error('shutdown failed:', e.message);
        process.exit(1);
      });
    });
  }
}

module.exports = { createService, writeAtomic, parseArgs };
