// ESM entry: the same API as index.js.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const verbatim = require('./index.js');

export const {
  readDocuments, readItems, writeDocuments, toJson, utf8Valid, utf8Repair, version,
  quotes, paragraphs, match, clusters, matchAsync, clustersAsync, QuoteIndex,
  similar, similarAsync, SimilarIndex,
  Reader, Writer, VerbatimError, native,
} = verbatim;
export default verbatim;
