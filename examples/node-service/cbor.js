'use strict';
// A minimal CBOR encoder for the service's responses (RFC 8949: maps,
// arrays, text, integers, float64, booleans, null). Requests are decoded by
// verbatim itself (readDocuments), which reads any well-formed CBOR.

function head(major, n, out) {
  if (n < 24) out.push(Buffer.from([(major << 5) | n]));
  else if (n < 0x100) out.push(Buffer.from([(major << 5) | 24, n]));
  else if (n < 0x10000) { const b = Buffer.alloc(3); b[0] = (major << 5) | 25; b.writeUInt16BE(n, 1); out.push(b); }
  else if (n < 0x100000000) { const b = Buffer.alloc(5); b[0] = (major << 5) | 26; b.writeUInt32BE(n, 1); out.push(b); }
  else { const b = Buffer.alloc(9); b[0] = (major << 5) | 27; b.writeBigUInt64BE(BigInt(n), 1); out.push(b); }
}

function put(v, out) {
  if (v === null || v === undefined) out.push(Buffer.from([0xf6]));
  else if (v === true) out.push(Buffer.from([0xf5]));
  else if (v === false) out.push(Buffer.from([0xf4]));
  else if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) head(v >= 0 ? 0 : 1, v >= 0 ? v : -1 - v, out);
    else { const b = Buffer.alloc(9); b[0] = 0xfb; b.writeDoubleBE(v, 1); out.push(b); }
  } else if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    head(3, s.length, out);
    out.push(s);
  } else if (Buffer.isBuffer(v) || v instanceof Uint8Array) {
    head(2, v.length, out);
    out.push(Buffer.from(v));
  } else if (Array.isArray(v)) {
    head(4, v.length, out);
    for (const x of v) put(x, out);
  } else {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined);
    head(5, keys.length, out);
    for (const k of keys) { put(k, out); put(v[k], out); }
  }
}

/** One CBOR item for `value`. */
function encode(value) {
  const out = [];
  put(value, out);
  return Buffer.concat(out);
}

module.exports = { encode };
