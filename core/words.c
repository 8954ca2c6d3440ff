/* vb_words: the segmenter's word and number tokens as fingerprint input. */
#include "internal.h"
#include "verbatim/fingerprint.h"
#include "verbatim/segment.h"

struct vb_words {
  vb_allocator alloc;
  vb_segmenter *seg; /* vb_words_run's, made on first use */
  uint64_t *hashes;
  vb_span *spans;
  uint8_t *flags;
  size_t count, content, hashes_cap, spans_cap, flags_cap;
};

vb_words *vb_words_new(const vb_allocator *alloc) {
  vb_allocator a = vb_alloc_resolve(alloc);
  vb_words *w = vb_mem_calloc(&a, 1, sizeof *w);
  if (w == NULL) return NULL;
  w->alloc = a;
  return w;
}

void vb_words_free(vb_words *self) {
  if (self == NULL) return;
  vb_allocator a = self->alloc;
  vb_segmenter_free(self->seg);
  vb_mem_free(&a, self->hashes);
  vb_mem_free(&a, self->spans);
  vb_mem_free(&a, self->flags);
  vb_mem_free(&a, self);
}

void vb_words_reset(vb_words *self) {
  if (self == NULL) return;
  self->count = 0;
  self->content = 0;
}

static bool is_word(vb_token_kind k) { return k == VB_TOKEN_WORD || k == VB_TOKEN_NUMBER; }

vb_status vb_words_collect(vb_words *self, const vb_segmenter *seg, vb_error *err) {
  if (self == NULL || seg == NULL)
    return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET, "word list or segmenter is NULL");
  vb_words_reset(self);
  size_t ntok, npara, n = 0;
  const vb_token *tok = vb_segmenter_tokens(seg, &ntok);
  const vb_paragraph *para = vb_segmenter_paragraphs(seg, &npara);
  for (size_t i = 0; i < ntok; i++) n += is_word(tok[i].kind);
  if (!vb_array_reserve(&self->alloc, (void **)&self->hashes, &self->hashes_cap, n,
                        sizeof *self->hashes) ||
      !vb_array_reserve(&self->alloc, (void **)&self->spans, &self->spans_cap, n,
                        sizeof *self->spans) ||
      !vb_array_reserve(&self->alloc, (void **)&self->flags, &self->flags_cap, n, 1))
    return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, "", VB_NO_OFFSET,
                   "out of memory collecting %zu words", n);
  size_t k = 0, content = 0;
  for (size_t i = 0; i < ntok; i++) {
    if (!is_word(tok[i].kind)) continue;
    /* Site furniture (bylines, share blocks, captions) shared by two pages
     * of one outlet is not reuse: its words are flagged so fingerprints and
     * the aligner can leave them out. */
    bool boiler = tok[i].paragraph != VB_SEGMENT_NONE && tok[i].paragraph < npara &&
                  para[tok[i].paragraph].boiler != VB_BOILER_NONE;
    self->hashes[k] = tok[i].hash;
    self->spans[k] = (vb_span){tok[i].start, tok[i].end};
    self->flags[k] = boiler ? VB_TOKEN_BOILERPLATE : 0;
    content += !boiler;
    k++;
  }
  self->count = k;
  self->content = content;
  return VB_OK;
}

vb_status vb_words_run(vb_words *self, const char *text, size_t text_len, vb_error *err) {
  if (self == NULL) return vb_fail(err, VB_ERR_ARG, VB_NO_RECORD, "", VB_NO_OFFSET, "word list is NULL");
  vb_words_reset(self);
  if (self->seg == NULL && (self->seg = vb_segmenter_new(&self->alloc)) == NULL)
    return vb_fail(err, VB_ERR_NOMEM, VB_NO_RECORD, "", VB_NO_OFFSET, "out of memory");
  vb_status st = vb_segmenter_run(self->seg, text, text_len, 0, err);
  if (st != VB_OK) return st;
  return vb_words_collect(self, self->seg, err);
}

vb_tokens vb_words_tokens(const vb_words *self) {
  vb_tokens t = {NULL, NULL, NULL, 0};
  if (self == NULL) return t;
  t.hashes = self->hashes;
  t.spans = self->spans;
  t.flags = self->flags;
  t.count = self->count;
  return t;
}

size_t vb_words_content_count(const vb_words *self) { return self ? self->content : 0; }
