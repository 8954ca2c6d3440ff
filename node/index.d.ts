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
export const native: Record<string, unknown>;
