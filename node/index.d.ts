// Types for the verbatim Node bindings (index.js / index.mjs).

/** A document record; absent metadata is null. See docs/records.md. */
export interface Document {
  id: string;
  text: string;
  source: string | null;
  url: string | null;
  title: string | null;
  date: string | null;
  language: string | null;
}

type Bytes = Uint8Array | ArrayBufferView | ArrayBuffer;
type Field = string | Uint8Array | null | undefined;

/** What writeDocuments and Writer.write accept. */
export interface DocumentInput {
  id: Field;
  text?: Field;
  source?: Field;
  url?: Field;
  title?: Field;
  date?: Field;
  language?: Field;
}

export type VerbatimCode =
  | 'VB_ERR_NOMEM' | 'VB_ERR_ARG' | 'VB_ERR_UTF8' | 'VB_ERR_CBOR' | 'VB_ERR_TRUNCATED'
  | 'VB_ERR_SCHEMA' | 'VB_ERR_LIMIT' | 'VB_ERR_IO' | 'VB_ERR_VERSION' | 'VB_ERR_STATE' | 'VB_ERR_UNKNOWN';

export class VerbatimError extends Error {
  code: VerbatimCode;
  status: number;
  record: number | null;
  field: string | null;
  offset: number | null;
}

export interface Limits {
  maxRecordBytes?: number;
  maxTextBytes?: number;
  maxDepth?: number;
  maxItems?: number;
}

export class Reader<T = Document> implements IterableIterator<T> {
  constructor(source: string | Bytes, options?: Limits & { items?: boolean });
  next(): IteratorResult<T, undefined>;
  [Symbol.iterator](): Reader<T>;
  readonly failed: boolean;
  readonly recordIndex: number | null;
  close(): void;
}

export class Writer {
  constructor();
  write(doc: DocumentInput): void;
  writeRaw(item: Bytes): void;
  data(): Buffer;
  reset(): void;
}

export function readDocuments(source: string | Bytes, limits?: Limits): Reader<Document>;
export function readItems(source: string | Bytes, limits?: Limits): Reader<Buffer>;
export function writeDocuments(docs: Iterable<DocumentInput>): Buffer;
export function toJson(item: Bytes): string;
export function utf8Valid(text: string | Bytes): boolean;
export function utf8Repair(text: string | Bytes): { text: string; replaced: number };
export function version(): string;

/** One quotation, as `verbatim quotes --json` prints it (byte offsets). */
export interface Quote {
  type: 'quote';
  doc: string;
  start: number;
  end: number;
  text: string;
  kind: 'full' | 'fragment';
  group: number;
  flags: string[];
  paragraph: number;
  speaker: string | null;
  speaker_start?: number;
  speaker_end?: number;
  cue: string | null;
  [field: string]: unknown;
}

export interface Paragraph {
  type: 'paragraph';
  doc: string;
  index: number;
  start: number;
  end: number;
  boilerplate: boolean;
  why: string | null;
}

/** One side of a match: bytes [start, end) of document `doc`. */
export interface MatchSide {
  doc: string;
  start: number;
  end: number;
  text: string;
  speaker: string | null;
}

export interface MatchEdit {
  op: 'sub' | 'ins' | 'del';
  a: string;
  b: string;
  a_start: number;
  a_end: number;
  b_start: number;
  b_end: number;
}

/** One match, with the fields of `verbatim match --json`. */
export interface Match {
  type: 'match';
  a: MatchSide;
  b: MatchSide;
  kind: 'exact' | 'normalized' | 'altered' | 'truncated' | 'split' | 'merged' | 'unquoted';
  similarity: number;
  edits: MatchEdit[];
  speaker_conflict: boolean;
  cluster: number | null;
}

export interface Cluster {
  type: 'cluster';
  id: number;
  size: number;
  best: MatchSide;
  members: MatchSide[];
}

export interface Article {
  id: string;
  text: string | Uint8Array;
}

export interface MatchOptions {
  shingleWords?: number;
  minWords?: number;
  minSimilarity?: number;
  fragments?: boolean;
}

export function quotes(text: string | Bytes, options?: { id?: string }): Quote[];
export function paragraphs(text: string | Bytes, options?: { id?: string }): Paragraph[];
export function match(docs: Article[] | Bytes): Match[];
export function clusters(docs: Article[] | Bytes): Cluster[];
export function matchAsync(docs: Article[] | Bytes): Promise<Match[]>;
export function clustersAsync(docs: Article[] | Bytes): Promise<Cluster[]>;

/** A reused passage: bytes [a_start, a_end) of a and [b_start, b_end) of b, aligned word by word. */
export interface SimilarPassage {
  a_start: number;
  a_end: number;
  b_start: number;
  b_end: number;
  a_tokens: [number, number];
  b_tokens: [number, number];
  identical_words: number;
  substituted_words: number;
  inserted: number;
  deleted: number;
}

/** One pair of documents sharing text, with the fields of `verbatim similar --json`. */
export interface SimilarPair {
  type: 'similar-pair';
  a: string;
  b: string;
  score: number;
  jaccard: number;
  containment_ab: number;
  containment_ba: number;
  simhash_distance: number;
  passages: SimilarPassage[];
}

export interface SimilarOptions {
  /** keep pairs scoring at least this, 0..1 (default 0.1; 0 keeps every compared pair) */
  minScore?: number;
  /** words per shingle, 1..64 (default 5) */
  ngram?: number;
  /** let the words of boilerplate paragraphs take part (default false) */
  boilerplate?: boolean;
  /** compare only MinHash LSH candidates, even below 2000 documents (default false) */
  lsh?: boolean;
  /** Jaccard threshold of the LSH index, (0, 1) (default 0.2) */
  lshThreshold?: number;
  /** hash seed */
  seed?: number | bigint;
}

export function similar(docs: Article[] | Bytes, options?: SimilarOptions): SimilarPair[];
export function similarAsync(docs: Article[] | Bytes, options?: SimilarOptions): Promise<SimilarPair[]>;

/** A streaming similarity index: add() returns the new article's pairs with the earlier ones. */
export class SimilarIndex {
  constructor(options?: SimilarOptions);
  add(id: string, text: string | Bytes): SimilarPair[];
  pairs(): SimilarPair[];
  readonly size: number;
}

export class QuoteIndex {
  constructor(options?: MatchOptions);
  add(id: string, text: string | Bytes): Match[];
  addAsync(id: string, text: string | Bytes): Promise<Match[]>;
  matches(): Match[];
  clusters(): Cluster[];
  idle(): Promise<void>;
  save(): Buffer;
  saveAsync(): Promise<Buffer>;
  readonly stats: { documents: number; quotes: number; matches: number };
  readonly size: number;
  static load(bytes: Bytes, options?: MatchOptions): QuoteIndex;
}

export const native: Record<string, unknown>;
