/* The LSH index: parameters from a threshold, add/query/pairs, save and
 * load, refusal of other format versions and of hostile bytes, and
 * allocation failures. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cbor_io.h"
#include "test_alloc.h"
#include "verbatim/fingerprint.h"

static uint64_t rng_state;
static uint64_t rnd(void) {
  uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

#define NDOCS 60
#define K 128

/* Signatures of NDOCS random documents where document 2i+1 is document 2i
 * with about 5% of its words changed (a near duplicate). */
static uint64_t sigs[NDOCS][K];

static void make_signatures(void) {
  rng_state = 42;
  vb_fingerprinter *fp = vb_fingerprinter_new(NULL);
  static uint64_t words[600];
  for (int d = 0; d < NDOCS; d++) {
    if (d % 2 == 0)
      for (int i = 0; i < 600; i++) words[i] = rnd() % 20000;
    else
      for (int i = 0; i < 600; i += 60) words[i] = rnd();
    vb_tokens t = {words, NULL, NULL, 600};
    vb_fp_options o = vb_fp_options_default();
    o.flags = VB_FP_MINHASH;
    o.ngram = 3;
    assert_int_equal(vb_fingerprinter_run(fp, &o, &t, NULL, 0, NULL), VB_OK);
    size_t k;
    memcpy(sigs[d], vb_fingerprinter_minhash(fp, &k), sizeof sigs[d]);
  }
  vb_fingerprinter_free(fp);
}

static vb_lsh *filled_index(const vb_allocator *a) {
  vb_lsh *l = vb_lsh_new(a);
  assert_non_null(l);
  for (uint32_t d = 0; d < NDOCS; d++) {
    uint32_t id;
    assert_int_equal(vb_lsh_add(l, sigs[d], K, &id, NULL), VB_OK);
    assert_int_equal(id, d);
  }
  return l;
}

static double s_curve(double s, uint32_t b, uint32_t r) { return 1 - pow(1 - pow(s, r), b); }

static void parameters_put_the_s_curve_at_the_threshold(void **state) {
  (void)state;
  const double thresholds[] = {0.2, 0.3, 0.5, 0.7, 0.9};
  uint32_t prev_rows = 0;
  for (int i = 0; i < 5; i++) {
    uint32_t b, r;
    assert_int_equal(vb_lsh_params(thresholds[i], K, &b, &r), VB_OK);
    assert_true(b * r <= K);
    /* well below the threshold, rarely a candidate; well above, nearly always */
    double t = thresholds[i];
    assert_true(s_curve(t * 0.5, b, r) < 0.25);
    assert_true(s_curve(t, b, r) > 0.25 && s_curve(t, b, r) < 0.75);
    assert_true(s_curve(t + (1 - t) * 0.5, b, r) > 0.8);
    assert_true(r >= prev_rows); /* stricter thresholds need longer bands */
    prev_rows = r;
  }
  uint32_t b, r;
  assert_int_equal(vb_lsh_params(0.0, K, &b, &r), VB_ERR_ARG);
  assert_int_equal(vb_lsh_params(1.0, K, &b, &r), VB_ERR_ARG);
  assert_int_equal(vb_lsh_params(0.5, 0, &b, &r), VB_ERR_ARG);
}

static void default_bands_and_rows_are_those_params_chooses(void **state) {
  (void)state;
  vb_lsh_options d = vb_lsh_options_default();
  uint32_t b, r;
  assert_int_equal(vb_lsh_params(d.threshold, d.k, &b, &r), VB_OK);
  vb_lsh *l = vb_lsh_new(NULL);
  assert_int_equal(vb_lsh_get_options(l).bands, b);
  assert_int_equal(vb_lsh_get_options(l).rows, r);
  assert_int_equal(vb_lsh_configure(l, NULL, NULL), VB_OK);
  assert_int_equal(vb_lsh_get_options(l).bands, b);
  assert_int_equal(vb_lsh_get_options(l).rows, r);
  vb_lsh_free(l);
}

/* Signatures over a tiny alphabet share band values often, so buckets hold
 * long chains and the table grows many times; queries and pairs must match
 * a brute-force comparison of every pair's bands. */
static void queries_and_pairs_match_brute_force_on_crowded_buckets(void **state) {
  (void)state;
  enum { D = 1500, KS = 8, BANDS = 4, ROWS = 2 };
  static uint64_t s[D][KS];
  uint64_t alphabet[7]; /* random values, as MinHash gives, but only seven */
  rng_state = 11;
  for (int i = 0; i < 7; i++) alphabet[i] = rnd();
  for (int d = 0; d < D; d++)
    for (int i = 0; i < KS; i++) s[d][i] = alphabet[rnd() % 7];
  vb_lsh *l = vb_lsh_new(NULL);
  vb_lsh_options o = vb_lsh_options_default();
  o.k = KS;
  o.bands = BANDS;
  o.rows = ROWS;
  assert_int_equal(vb_lsh_configure(l, &o, NULL), VB_OK);
  for (int d = 0; d < D; d++) assert_int_equal(vb_lsh_add(l, s[d], KS, NULL, NULL), VB_OK);
  const vb_doc_pair *p;
  size_t np, at = 0;
  assert_int_equal(vb_lsh_pairs(l, &p, &np, NULL), VB_OK);
  for (uint32_t a = 0; a < D; a++) {
    const uint32_t *ids;
    size_t n, seen = 0;
    if (a % 50 == 0) assert_int_equal(vb_lsh_query(l, s[a], KS, &ids, &n, NULL), VB_OK);
    for (uint32_t b = 0; b < D; b++) {
      bool shared = false;
      for (int band = 0; band < BANDS; band++)
        shared |= memcmp(s[a] + band * ROWS, s[b] + band * ROWS, ROWS * 8) == 0;
      if (!shared) continue;
      if (a % 50 == 0) {
        assert_true(seen < n);
        assert_int_equal(ids[seen++], b);
      }
      if (b > a) {
        assert_true(at < np);
        assert_int_equal(p[at].a, a);
        assert_int_equal(p[at].b, b);
        at++;
      }
    }
    if (a % 50 == 0) assert_int_equal(seen, n);
  }
  assert_int_equal(at, np);
  vb_lsh_free(l);
}

static void query_finds_near_duplicates_and_not_unrelated_documents(void **state) {
  (void)state;
  vb_lsh *l = filled_index(NULL);
  for (uint32_t d = 0; d < NDOCS; d++) {
    const uint32_t *ids;
    size_t n;
    assert_int_equal(vb_lsh_query(l, sigs[d], K, &ids, &n, NULL), VB_OK);
    assert_int_equal(n, 2); /* itself and its twin */
    assert_int_equal(ids[0], d & ~1u);
    assert_int_equal(ids[1], d | 1u);
  }
  vb_lsh_free(l);
}

static void pairs_are_exactly_the_near_duplicates(void **state) {
  (void)state;
  vb_lsh *l = filled_index(NULL);
  const vb_doc_pair *p;
  size_t n;
  assert_int_equal(vb_lsh_pairs(l, &p, &n, NULL), VB_OK);
  assert_int_equal(n, NDOCS / 2);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(p[i].a, 2 * i);
    assert_int_equal(p[i].b, 2 * i + 1);
  }
  assert_true(vb_lsh_bytes_per_doc(l) > 0.0);
  assert_true(vb_lsh_memory(l) >= NDOCS * 8 * vb_lsh_get_options(l).bands);
  vb_lsh_free(l);
}

static void options_are_checked_and_fixed_once_documents_arrive(void **state) {
  (void)state;
  vb_lsh *l = vb_lsh_new(NULL);
  vb_error err;
  vb_lsh_options o = vb_lsh_options_default();
  o.bands = 20;
  o.rows = 10; /* 200 > 128 */
  assert_int_equal(vb_lsh_configure(l, &o, &err), VB_ERR_ARG);
  o.rows = 0;
  assert_int_equal(vb_lsh_configure(l, &o, &err), VB_ERR_ARG);
  o = vb_lsh_options_default();
  o.bands = 16;
  o.rows = 8;
  assert_int_equal(vb_lsh_configure(l, &o, &err), VB_OK);
  assert_int_equal(vb_lsh_get_options(l).bands, 16);
  assert_int_equal(vb_lsh_add(l, sigs[0], 64, NULL, &err), VB_ERR_ARG);
  assert_non_null(strstr(err.message, "128"));
  assert_int_equal(vb_lsh_add(l, sigs[0], K, NULL, &err), VB_OK);
  assert_int_equal(vb_lsh_configure(l, NULL, &err), VB_ERR_STATE);
  vb_lsh_reset(l);
  assert_int_equal(vb_lsh_count(l), 0);
  assert_int_equal(vb_lsh_configure(l, NULL, &err), VB_OK);
  vb_lsh_free(l);
  vb_lsh_free(NULL);
}

static uint8_t *saved(const vb_lsh *l, size_t *len) {
  vb_writer *w = vb_writer_new(NULL);
  assert_int_equal(vb_lsh_save(l, w, NULL), VB_OK);
  const uint8_t *d = vb_writer_data(w, len);
  uint8_t *copy = malloc(*len);
  memcpy(copy, d, *len);
  vb_writer_free(w);
  return copy;
}

static void save_and_load_give_the_same_answers(void **state) {
  (void)state;
  vb_lsh *l = filled_index(NULL);
  size_t len;
  uint8_t *data = saved(l, &len);
  vb_lsh *m = vb_lsh_new(NULL);
  vb_error err;
  assert_int_equal(vb_lsh_load(m, data, len, &err), VB_OK);
  assert_int_equal(vb_lsh_count(m), NDOCS);
  assert_int_equal(vb_lsh_get_options(m).rows, vb_lsh_get_options(l).rows);
  for (uint32_t d = 0; d < NDOCS; d++) {
    const uint32_t *a, *b;
    size_t na, nb;
    assert_int_equal(vb_lsh_query(l, sigs[d], K, &a, &na, NULL), VB_OK);
    assert_int_equal(vb_lsh_query(m, sigs[d], K, &b, &nb, NULL), VB_OK);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na * sizeof *a);
  }
  /* deterministic: saving the loaded index gives the same bytes */
  size_t len2;
  uint8_t *again = saved(m, &len2);
  assert_int_equal(len, len2);
  assert_memory_equal(data, again, len);
  /* and adding after a load goes on numbering */
  uint32_t id;
  assert_int_equal(vb_lsh_add(m, sigs[0], K, &id, NULL), VB_OK);
  assert_int_equal(id, NDOCS);
  free(again);
  free(data);
  vb_lsh_free(l);
  vb_lsh_free(m);
}

/* An index record written by hand, with a chosen format and key bytes. */
static size_t hand_record(uint8_t *out, uint64_t format, uint64_t docs, size_t keys_len,
                          uint64_t bands, uint64_t rows) {
  vb_buf b;
  vb_buf_init(&b, vb_default_allocator());
  vb_cbor_put_map(&b, 8);
  vb_cbor_put_cstr(&b, "k");
  vb_cbor_put_uint(&b, 128);
  vb_cbor_put_cstr(&b, "docs");
  vb_cbor_put_uint(&b, docs);
  vb_cbor_put_cstr(&b, "keys");
  uint8_t zeros[256] = {0};
  vb_cbor_put_bytes(&b, zeros, keys_len);
  vb_cbor_put_cstr(&b, "rows");
  vb_cbor_put_uint(&b, rows);
  vb_cbor_put_cstr(&b, "seed");
  vb_cbor_put_uint(&b, 1);
  vb_cbor_put_cstr(&b, "type");
  vb_cbor_put_cstr(&b, "lsh-index");
  vb_cbor_put_cstr(&b, "bands");
  vb_cbor_put_uint(&b, bands);
  vb_cbor_put_cstr(&b, "format");
  vb_cbor_put_uint(&b, format);
  size_t n = b.len;
  memcpy(out, b.data, n);
  vb_buf_release(&b);
  return n;
}

static void another_format_version_is_refused_clearly(void **state) {
  (void)state;
  uint8_t rec[512];
  size_t n = hand_record(rec, VB_FP_FORMAT_VERSION + 1, 1, 16 * 8, 16, 8);
  vb_lsh *l = vb_lsh_new(NULL);
  vb_error err;
  assert_int_equal(vb_lsh_load(l, rec, n, &err), VB_ERR_VERSION);
  assert_non_null(strstr(err.message, "format"));
  assert_string_equal(err.field, "format");
  assert_int_equal(vb_lsh_count(l), 0);
  n = hand_record(rec, VB_FP_FORMAT_VERSION, 1, 16 * 8, 16, 8);
  assert_int_equal(vb_lsh_load(l, rec, n, &err), VB_OK);
  assert_int_equal(vb_lsh_count(l), 1);
  vb_lsh_free(l);
}

static void inconsistent_records_are_schema_errors(void **state) {
  (void)state;
  uint8_t rec[512];
  vb_lsh *l = vb_lsh_new(NULL);
  vb_error err;
  size_t n = hand_record(rec, VB_FP_FORMAT_VERSION, 2, 16 * 8, 16, 8); /* keys for 1 doc */
  assert_int_equal(vb_lsh_load(l, rec, n, &err), VB_ERR_SCHEMA);
  assert_string_equal(err.field, "keys");
  n = hand_record(rec, VB_FP_FORMAT_VERSION, 0, 0, 20, 10); /* 200 > k */
  assert_int_equal(vb_lsh_load(l, rec, n, &err), VB_ERR_SCHEMA);
  n = hand_record(rec, VB_FP_FORMAT_VERSION, UINT64_C(1) << 40, 0, 16, 8);
  assert_int_equal(vb_lsh_load(l, rec, n, &err), VB_ERR_LIMIT);
  const uint8_t not_map[] = {0x83, 1, 2, 3};
  assert_int_equal(vb_lsh_load(l, not_map, sizeof not_map, &err), VB_ERR_SCHEMA);
  assert_int_equal(vb_lsh_load(l, NULL, 0, &err), VB_ERR_TRUNCATED);
  n = hand_record(rec, VB_FP_FORMAT_VERSION, 0, 0, 16, 8);
  rec[n] = 0x00; /* a second item after the record */
  assert_int_equal(vb_lsh_load(l, rec, n + 1, &err), VB_ERR_CBOR);
  vb_lsh_free(l);
}

/* Unknown keys are ignored whatever they are. An indefinite-length byte
 * string as a key was once stepped over by its head alone, so its chunks
 * were read as values and the walk ran past the record (fuzz_lsh_load,
 * heap overflow under ASan). */
static void unknown_keys_of_any_shape_are_skipped_whole(void **state) {
  (void)state;
  uint8_t rec[512], odd[600];
  size_t n = hand_record(rec, VB_FP_FORMAT_VERSION, 0, 0, 16, 8);
  /* 9 pairs: the unknown one first, key (_ h'78' h'7979') and value (_ ). */
  const uint8_t extra[] = {0x5f, 0x41, 0x78, 0x42, 0x79, 0x79, 0xff, 0x5f, 0xff};
  odd[0] = 0xa9;
  memcpy(odd + 1, extra, sizeof extra);
  memcpy(odd + 1 + sizeof extra, rec + 1, n - 1);
  size_t m = n + sizeof extra;
  vb_lsh *l = vb_lsh_new(NULL);
  vb_error err;
  assert_int_equal(vb_lsh_load(l, odd, m, &err), VB_OK);
  assert_int_equal(vb_lsh_get_options(l).bands, 16);
  /* The same with the map claiming one pair too many: an error, not a read
   * past the end. */
  odd[0] = 0xaa;
  assert_int_equal(vb_lsh_load(l, odd, m, &err), VB_ERR_TRUNCATED);
  assert_int_equal(vb_lsh_count(l), 0);
  vb_lsh_free(l);
}

static void truncated_and_flipped_bytes_give_clear_errors(void **state) {
  (void)state;
  vb_lsh *src = filled_index(NULL);
  size_t len;
  uint8_t *data = saved(src, &len);
  vb_lsh_free(src);
  vb_lsh *l = vb_lsh_new(NULL);
  vb_error err;
  for (size_t cut = 0; cut < len; cut++) {
    vb_status st = vb_lsh_load(l, data, cut, &err);
    assert_true(VB_IS_ERROR(st));
    assert_true(err.message[0] != '\0');
    assert_int_equal(vb_lsh_count(l), 0);
  }
  uint8_t *bent = malloc(len);
  for (size_t pos = 0; pos < len; pos += (pos < 120 ? 1 : 97)) {
    for (int bit = 0; bit < 8; bit++) {
      memcpy(bent, data, len);
      bent[pos] ^= (uint8_t)(1u << bit);
      vb_status st = vb_lsh_load(l, bent, len, &err);
      if (st == VB_OK) { /* a flipped key byte is still a valid index: it must work */
        const uint32_t *ids;
        size_t n;
        assert_int_equal(vb_lsh_query(l, sigs[0], vb_lsh_get_options(l).k, &ids, &n, NULL) == VB_OK ||
                             vb_lsh_get_options(l).k != K,
                         1);
      } else {
        assert_true(VB_IS_ERROR(st));
        assert_true(err.message[0] != '\0');
      }
    }
  }
  free(bent);
  free(data);
  vb_lsh_free(l);
}

static void allocation_failures_return_nomem_and_leak_nothing(void **state) {
  (void)state;
  vb_lsh *src = filled_index(NULL);
  size_t len;
  uint8_t *data = saved(src, &len);
  vb_lsh_free(src);
  bool succeeded = false;
  for (long n = 1; n < 400 && !succeeded; n++) {
    test_alloc ta;
    vb_allocator a = test_alloc_make(&ta, n);
    vb_lsh *l = vb_lsh_new(&a);
    vb_writer *w = l ? vb_writer_new(&a) : NULL;
    vb_status st = l && w ? VB_OK : VB_ERR_NOMEM;
    for (uint32_t d = 0; st == VB_OK && d < NDOCS; d++) st = vb_lsh_add(l, sigs[d], K, NULL, NULL);
    const uint32_t *ids;
    const vb_doc_pair *pairs;
    size_t cnt;
    if (st == VB_OK) st = vb_lsh_query(l, sigs[3], K, &ids, &cnt, NULL);
    if (st == VB_OK) st = vb_lsh_pairs(l, &pairs, &cnt, NULL);
    if (st == VB_OK) st = vb_lsh_save(l, w, NULL);
    if (st == VB_OK) st = vb_lsh_load(l, data, len, NULL);
    if (st == VB_OK) {
      succeeded = !ta.failed;
    } else {
      assert_int_equal(st, VB_ERR_NOMEM);
      assert_true(ta.failed);
    }
    vb_writer_free(w);
    vb_lsh_free(l);
    assert_int_equal(ta.live, 0);
  }
  assert_true(succeeded);
  free(data);
}

static int setup(void **state) {
  (void)state;
  make_signatures();
  return 0;
}

/* Found by fuzz_lsh_load: a query that finds nothing before any id was
 * stored sorted a NULL array (qsort(NULL, 0, ...)), which UBSan reports. */
static void a_query_finding_nothing_returns_no_ids(void **state) {
  (void)state;
  vb_lsh *ix = vb_lsh_new(NULL);
  assert_non_null(ix);
  vb_lsh_options o = vb_lsh_get_options(ix);
  uint64_t *sig = calloc(o.k, sizeof *sig);
  assert_non_null(sig);
  const uint32_t *ids;
  size_t n = 99;
  assert_int_equal(vb_lsh_query(ix, sig, o.k, &ids, &n, NULL), VB_OK);
  assert_int_equal(n, 0);
  free(sig);
  vb_lsh_free(ix);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_query_finding_nothing_returns_no_ids),
      cmocka_unit_test(parameters_put_the_s_curve_at_the_threshold),
      cmocka_unit_test(default_bands_and_rows_are_those_params_chooses),
      cmocka_unit_test(queries_and_pairs_match_brute_force_on_crowded_buckets),
      cmocka_unit_test(query_finds_near_duplicates_and_not_unrelated_documents),
      cmocka_unit_test(pairs_are_exactly_the_near_duplicates),
      cmocka_unit_test(options_are_checked_and_fixed_once_documents_arrive),
      cmocka_unit_test(save_and_load_give_the_same_answers),
      cmocka_unit_test(unknown_keys_of_any_shape_are_skipped_whole),
      cmocka_unit_test(another_format_version_is_refused_clearly),
      cmocka_unit_test(inconsistent_records_are_schema_errors),
      cmocka_unit_test(truncated_and_flipped_bytes_give_clear_errors),
      cmocka_unit_test(allocation_failures_return_nomem_and_leak_nothing),
  };
  return cmocka_run_group_tests(tests, setup, NULL);
}
