// Compiled (never run) by test/types.test.js with `tsc --noEmit --strict`:
// every export of index.d.ts used as docs/bindings.md and index.js document
// it, so a declaration that drifts from the API fails the type check.
import {
  Cluster, Document, Match, Paragraph, Quote, QuoteIndex, Reader, SimilarIndex, SimilarPair, VerbatimCode,
  VerbatimError, Writer, clusters, clustersAsync, match, matchAsync, native, paragraphs, quotes, readDocuments,
  readItems, similar, similarAsync, toJson, utf8Repair, utf8Valid, version, writeDocuments,
} from '../..';

const data: Buffer = writeDocuments([
  { id: 'a1', text: '\u201cWe sail at dawn,\u201d the captain said.', source: 'Harbour Gazette' },
  { id: 'a2', text: new Uint8Array([0x68, 0x69]), url: null, title: undefined },
]);
for (const doc of readDocuments(data)) {
  const d: Document = doc;
  const source: string | null = d.source;
  console.log(d.id, source, d.text.length);
}
const items: Reader<Buffer> = readItems('corpus.cbor', { maxRecordBytes: 1 << 20, maxDepth: 8 });
const first: IteratorResult<Buffer, undefined> = items.next();
if (!first.done) console.log(toJson(first.value));
const failed: boolean = items.failed;
const index: number | null = items.recordIndex;
items.close();
const reader = new Reader(new Uint8Array(data).buffer, { items: false, maxItems: 10 });
reader.close();

const w = new Writer();
w.write({ id: 'x', text: 'y', language: 'en' });
w.writeRaw(data.subarray(0, 10));
const bytes: Buffer = w.data();
w.reset();

try {
  [...readDocuments(data.subarray(0, -4))];
} catch (e) {
  if (e instanceof VerbatimError) {
    const code: VerbatimCode = e.code;
    const where: [number, number | null, string | null, number | null] = [e.status, e.record, e.field, e.offset];
    console.log(code, where, e.message);
  }
}

const valid: boolean = utf8Valid(Buffer.from([0xff]));
const repaired: { text: string; replaced: number } = utf8Repair(new Uint8Array([0x61, 0xff]));
const v: string = version();

const qs: Quote[] = quotes('\u201cThe bridge will reopen,\u201d said Mayor Ilse Varga.', { id: 'wire-1' });
for (const q of qs) {
  const span: [number, number] = [q.start, q.end];
  const speaker: string | null = q.speaker;
  const kind: 'full' | 'fragment' = q.kind;
  console.log(span, speaker, kind, q.flags.join(','), q.cue);
}
const ps: Paragraph[] = paragraphs(Buffer.from('Headline\n\nBody text.'));
console.log(ps.map((p) => [p.index, p.boilerplate, p.why]));

const docs = [{ id: 'a', text: 'He said \u201cwe sail at dawn with the tide\u201d.' },
              { id: 'b', text: 'She said \u201cwe sail at dawn with the tide\u201d.' }];
const ms: Match[] = match(docs);
for (const m of ms) {
  const similarity: number = m.similarity;
  const ops: string[] = m.edits.map((e) => `${e.op} ${e.a}->${e.b} ${e.a_start}..${e.b_end}`);
  const cluster: number | null = m.cluster;
  console.log(m.kind, m.a.doc, m.b.speaker, similarity, ops, cluster, m.speaker_conflict);
}
const cs: Cluster[] = clusters(data);
console.log(cs.map((c) => [c.id, c.size, c.best.text, c.members.length]));
const pairs: SimilarPair[] = similar(docs, { minScore: 0, ngram: 3, boilerplate: false, lsh: true, lshThreshold: 0.3,
                                              seed: 7n });
console.log(pairs.map((p) => [p.a, p.b, p.score, p.jaccard, p.containment_ab, p.containment_ba, p.simhash_distance,
                              p.passages.map((x) => [x.a_start, x.a_end, x.b_start, x.b_end, x.a_tokens[0],
                                                     x.b_tokens[1], x.identical_words, x.substituted_words,
                                                     x.inserted, x.deleted])]));

async function later(): Promise<void> {
  const am: Match[] = await matchAsync(docs);
  const ac: Cluster[] = await clustersAsync(data);
  const ap: SimilarPair[] = await similarAsync(data, { seed: 3 });
  const qi = new QuoteIndex({ shingleWords: 4, minWords: 5, minSimilarity: 0.8, fragments: false });
  const added: Match[] = qi.add('wire-1', docs[0].text);
  const more: Match[] = await qi.addAsync('paper-2', Buffer.from(docs[1].text));
  await qi.idle();
  const all: Match[] = qi.matches();
  const cl: Cluster[] = qi.clusters();
  const saved: Buffer = qi.save();
  const saved2: Buffer = await qi.saveAsync();
  const stats: { documents: number; quotes: number; matches: number } = qi.stats;
  const size: number = qi.size;
  const loaded: QuoteIndex = QuoteIndex.load(saved, { minWords: 5 });
  console.log(am, ac, ap, added, more, all, cl, saved2.length, stats, size, loaded.size);

  const si = new SimilarIndex({ minScore: 0.2 });
  const sp: SimilarPair[] = si.add('a', 'The ferry will keep sailing through the winter, the council said.');
  const all2: SimilarPair[] = si.pairs();
  console.log(sp, all2, si.size);
}
void later();

console.log(failed, index, bytes, valid, repaired, v, Object.keys(native).length);
