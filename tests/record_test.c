/* Document records: round trips, deterministic bytes, strict and bounded
 * reading, recovery, and allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cbor_io.h"
#include "test_alloc.h"
#include "verbatim/normalize.h"
#include "verbatim/record.h"

static vb_str S(const char *s) {
  vb_str v = {s, strlen(s)};
  return v;
}

/* A three-record sequence of our own documents. */
static uint8_t *three_docs(size_t *len, size_t ends[3]) {
  vb_writer *w = vb_writer_new(NULL);
  const char *ids[] = {"harbour-1", "harbour-2", "ferry-strike"};
  const char *texts[] = {
      "The harbour board voted on Tuesday to close the east pier.",
      "\xE2\x80\x9CWe had no choice,\xE2\x80\x9D the chair said. Caf\xC3\xA9 owners disagreed.",
      "Ferry crews walked out at dawn; the minister called it \xE2\x80\x98reckless\xE2\x80\x99."};
  for (int i = 0; i < 3; i++) {
    vb_document d = {0};
    d.id = S(ids[i]);
    d.text = S(texts[i]);
    if (i == 1) d.url = S("https://example.org/harbour");
    vb_error err;
    assert_int_equal(vb_writer_document(w, &d, &err), VB_OK);
    vb_writer_data(w, &ends[i]);
  }
  const uint8_t *data = vb_writer_data(w, len);
  uint8_t *copy = malloc(*len);
  memcpy(copy, data, *len);
  vb_writer_free(w);
  return copy;
}

static void document_round_trips_with_metadata(void **state) {
  (void)state;
  vb_writer *w = vb_writer_new(NULL);
  vb_document d = {0};
  d.id = S("a1");
  d.text = S("Line one.\n\nLine two \xE2\x80\x94 with a dash.");
  d.source = S("Northern Wire");
  d.url = S("https://example.org/a1");
  d.title = S("A title");
  d.date = S("2031-04-02");
  d.language = S("en");
  vb_error err;
  assert_int_equal(vb_writer_document(w, &d, &err), VB_OK);
  size_t len;
  const uint8_t *data = vb_writer_data(w, &len);
  vb_reader *r = vb_reader_new(NULL);
  assert_int_equal(vb_reader_open_memory(r, data, len), VB_OK);
  vb_document got;
  assert_int_equal(vb_reader_next(r, &got, &err), VB_OK);
#define SAME(f) assert_int_equal(got.f.len, d.f.len), assert_memory_equal(got.f.data, d.f.data, d.f.len)
  SAME(id);
  SAME(text);
  SAME(source);
  SAME(url);
  SAME(title);
  SAME(date);
  SAME(language);
#undef SAME
  assert_int_equal(vb_reader_next(r, &got, &err), VB_END);
  vb_reader_free(r);
  vb_writer_free(w);
}

static void writer_output_is_core_deterministic(void **state) {
  (void)state;
  vb_writer *w = vb_writer_new(NULL);
  vb_document d = {0};
  d.id = S("a");
  d.text = S("b");
  vb_error err;
  assert_int_equal(vb_writer_document(w, &d, &err), VB_OK);
  /* {"id":"a","text":"b","type":"document"}: keys by length, then bytes. */
  static const uint8_t want[] = {0xA3, 0x62, 'i', 'd', 0x61, 'a', 0x64, 't', 'e', 'x', 't',
                                 0x61, 'b',  0x64, 't', 'y', 'p', 'e', 0x68, 'd', 'o', 'c',
                                 'u',  'm',  'e',  'n', 't'};
  size_t len;
  const uint8_t *data = vb_writer_data(w, &len);
  assert_int_equal(len, sizeof want);
  assert_memory_equal(data, want, sizeof want);
  vb_writer_free(w);
}

static void floats_take_their_shortest_exact_width(void **state) {
  (void)state;
  vb_buf b;
  vb_buf_init(&b, vb_default_allocator());
  vb_cbor_put_float(&b, 1.5);      /* half: f9 3e 00 */
  vb_cbor_put_float(&b, 100000.0); /* single: fa 47 c3 50 00 */
  vb_cbor_put_float(&b, 0.1);      /* double */
  vb_cbor_put_float(&b, 5.960464477539063e-08); /* smallest half subnormal */
  static const uint8_t want[] = {0xF9, 0x3E, 0x00, 0xFA, 0x47, 0xC3, 0x50, 0x00,
                                 0xFB, 0x3F, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A,
                                 0xF9, 0x00, 0x01};
  assert_int_equal(b.len, sizeof want);
  assert_memory_equal(b.data, want, sizeof want);
  vb_buf_release(&b);
}

typedef struct chunker {
  const uint8_t *data;
  size_t len, pos;
  unsigned seed;
} chunker;

static long chunked_read(void *user, void *buf, size_t cap) {
  chunker *c = user;
  c->seed = c->seed * 1103515245u + 12345u;
  size_t n = 1 + (c->seed >> 16) % 7; /* 1..7 bytes at a time */
  if (n > cap) n = cap;
  if (n > c->len - c->pos) n = c->len - c->pos;
  memcpy(buf, c->data + c->pos, n);
  c->pos += n;
  return (long)n;
}

static void random_chunk_sizes_read_the_same_records(void **state) {
  (void)state;
  size_t len, ends[3];
  uint8_t *data = three_docs(&len, ends);
  for (unsigned seed = 1; seed < 40; seed++) {
    chunker c = {data, len, 0, seed};
    vb_reader *r = vb_reader_new(NULL);
    assert_int_equal(vb_reader_open_callback(r, chunked_read, &c), VB_OK);
    vb_document d;
    vb_error err;
    int n = 0;
    vb_status st;
    while ((st = vb_reader_next(r, &d, &err)) == VB_OK) {
      assert_true(vb_utf8_valid(d.text.data, d.text.len, NULL));
      n++;
    }
    assert_int_equal(st, VB_END);
    assert_int_equal(n, 3);
    assert_int_equal(vb_reader_record_index(r), 3);
    vb_reader_free(r);
  }
  free(data);
}

static void truncation_anywhere_keeps_the_complete_records(void **state) {
  (void)state;
  size_t len, ends[3];
  uint8_t *data = three_docs(&len, ends);
  for (size_t cut = 0; cut <= len; cut++) {
    uint8_t *copy = malloc(cut ? cut : 1); /* exact size: ASan sees any overread */
    memcpy(copy, data, cut);
    vb_reader *r = vb_reader_new(NULL);
    assert_int_equal(vb_reader_open_memory(r, copy, cut), VB_OK);
    int complete = 0;
    while (complete < 3 && ends[complete] <= cut) complete++;
    vb_document d;
    vb_error err;
    int n = 0;
    vb_status st;
    while ((st = vb_reader_next(r, &d, &err)) == VB_OK) n++;
    assert_int_equal(n, complete);
    bool at_boundary = cut == 0 || cut == ends[0] || cut == ends[1] || cut == ends[2];
    if (at_boundary) {
      assert_int_equal(st, VB_END);
    } else {
      assert_int_equal(st, VB_ERR_TRUNCATED);
      assert_int_equal(err.record, complete);
      assert_true(err.offset <= cut);
      /* The failure is sticky: the stream cannot be trusted past it. */
      assert_int_equal(vb_reader_next(r, &d, &err), VB_ERR_TRUNCATED);
    }
    vb_reader_free(r);
    free(copy);
  }
  free(data);
}

static void flipped_bytes_give_records_or_clear_errors(void **state) {
  (void)state;
  size_t len, ends[3];
  uint8_t *data = three_docs(&len, ends);
  static const uint8_t masks[] = {0x01, 0x80, 0xFF, 0x20};
  for (size_t i = 0; i < len; i++) {
    for (size_t m = 0; m < sizeof masks; m++) {
      uint8_t *copy = malloc(len);
      memcpy(copy, data, len);
      copy[i] ^= masks[m];
      vb_reader *r = vb_reader_new(NULL);
      assert_int_equal(vb_reader_open_memory(r, copy, len), VB_OK);
      vb_document d;
      vb_error err;
      vb_status st;
      int calls = 0;
      while ((st = vb_reader_next(r, &d, &err)) != VB_END && calls++ <= (int)len) {
        if (st == VB_OK) {
          assert_true(vb_utf8_valid(d.text.data, d.text.len, NULL));
          assert_true(d.id.len > 0);
          continue;
        }
        assert_true(VB_IS_ERROR(st));
        assert_true(err.message[0] != '\0');
        assert_true(err.record >= 0 && err.record < (int64_t)len); /* every record takes a byte */
        assert_true(err.offset <= len);
        if (vb_reader_failed(r)) break;
      }
      assert_true(calls <= (int)len); /* every call moves the reader forward */
      vb_reader_free(r);
      free(copy);
    }
  }
  free(data);
}

static void hostile_length_header_allocates_nothing_in_advance(void **state) {
  (void)state;
  /* A map whose "text" claims 2^62 bytes, followed by 3 bytes. */
  static const uint8_t evil[] = {0xA2, 0x62, 'i', 'd', 0x61, 'x', 0x64, 't', 'e', 'x', 't',
                                 0x7B, 0x40, 0, 0, 0, 0, 0, 0, 0, 'a', 'b', 'c'};
  test_alloc t;
  vb_allocator a = test_alloc_make(&t, 0);
  chunker c = {evil, sizeof evil, 0, 7};
  vb_reader *r = vb_reader_new(&a);
  assert_int_equal(vb_reader_open_callback(r, chunked_read, &c), VB_OK);
  vb_document d;
  vb_error err;
  vb_status st = vb_reader_next(r, &d, &err);
  assert_true(st == VB_ERR_LIMIT || st == VB_ERR_TRUNCATED);
  assert_int_equal(err.record, 0);
  assert_true(t.largest < (size_t)1 << 20);
  vb_reader_free(r);
  assert_int_equal(t.live, 0);
}

static void invalid_utf8_names_field_and_offset_and_reading_goes_on(void **state) {
  (void)state;
  /* record 0: {"id":"x","text":"ok\xFF"}  record 1: a good document */
  static const uint8_t bad[] = {0xA2, 0x62, 'i', 'd', 0x61, 'x', 0x64, 't', 'e', 'x', 't', 0x63,
                                'o',  'k',  0xFF, 0xA2, 0x62, 'i', 'd', 0x61, 'y', 0x64, 't',
                                'e',  'x',  't',  0x61, 'z'};
  vb_reader *r = vb_reader_new(NULL);
  assert_int_equal(vb_reader_open_memory(r, bad, sizeof bad), VB_OK);
  vb_document d;
  vb_error err;
  assert_int_equal(vb_reader_next(r, &d, &err), VB_ERR_UTF8);
  assert_int_equal(err.record, 0);
  assert_int_equal(err.offset, 14);
  assert_int_equal(vb_reader_next(r, &d, &err), VB_OK);
  assert_int_equal(d.id.len, 1);
  assert_int_equal(d.id.data[0], 'y');
  assert_int_equal(vb_reader_next(r, &d, &err), VB_END);
  vb_reader_free(r);
}

static vb_status read_one(const uint8_t *data, size_t len, vb_error *err) {
  vb_reader *r = vb_reader_new(NULL);
  assert_int_equal(vb_reader_open_memory(r, data, len), VB_OK);
  vb_document d;
  vb_status st = vb_reader_next(r, &d, err);
  vb_reader_free(r);
  return st;
}

static void schema_errors_name_the_field(void **state) {
  (void)state;
  vb_error err;
  static const uint8_t not_map[] = {0x82, 0x01, 0x02};
  assert_int_equal(read_one(not_map, sizeof not_map, &err), VB_ERR_SCHEMA);
  static const uint8_t no_text[] = {0xA1, 0x62, 'i', 'd', 0x61, 'x'};
  assert_int_equal(read_one(no_text, sizeof no_text, &err), VB_ERR_SCHEMA);
  assert_string_equal(err.field, "text");
  static const uint8_t text_is_int[] = {0xA2, 0x62, 'i', 'd', 0x61, 'x', 0x64, 't', 'e', 'x', 't', 0x05};
  assert_int_equal(read_one(text_is_int, sizeof text_is_int, &err), VB_ERR_SCHEMA);
  assert_string_equal(err.field, "text");
  assert_int_equal(err.offset, 11);
  static const uint8_t dup[] = {0xA3, 0x62, 'i', 'd', 0x61, 'x', 0x62, 'i', 'd', 0x61, 'y',
                                0x64, 't', 'e', 'x', 't', 0x60};
  assert_int_equal(read_one(dup, sizeof dup, &err), VB_ERR_SCHEMA);
  assert_string_equal(err.field, "id");
  static const uint8_t critical[] = {0xA3, 0x62, 'i', 'd', 0x61, 'x', 0x64, 't', 'e', 'x', 't',
                                     0x60, 0x62, '!', 'z', 0xF5};
  assert_int_equal(read_one(critical, sizeof critical, &err), VB_ERR_SCHEMA);
  assert_string_equal(err.field, "!z");
  static const uint8_t wrong_type[] = {0xA3, 0x62, 'i', 'd', 0x61, 'x', 0x64, 't', 'e', 'x', 't',
                                       0x60, 0x64, 't', 'y', 'p', 'e', 0x65, 'q', 'u', 'o', 't', 'e'};
  assert_int_equal(read_one(wrong_type, sizeof wrong_type, &err), VB_ERR_SCHEMA);
  assert_string_equal(err.field, "type");
}

static void unknown_keys_are_skipped(void **state) {
  (void)state;
  /* {"id":"x","text":"","extra":[1,{"a":2}]} */
  static const uint8_t doc[] = {0xA3, 0x62, 'i', 'd', 0x61, 'x', 0x64, 't', 'e', 'x', 't', 0x60,
                                0x65, 'e', 'x', 't', 'r', 'a', 0x82, 0x01, 0xA1, 0x61, 'a', 0x02};
  vb_error err;
  assert_int_equal(read_one(doc, sizeof doc, &err), VB_OK);
}

static void nesting_and_item_counts_are_bounded(void **state) {
  (void)state;
  uint8_t deep[100];
  memset(deep, 0x81, sizeof deep); /* [[[[...]]]] with no end */
  vb_error err;
  assert_int_equal(read_one(deep, sizeof deep, &err), VB_ERR_LIMIT);
  assert_int_equal(err.record, 0);
  /* An array that claims 2^32 items is refused before waiting for them. */
  static const uint8_t wide[] = {0x9B, 0, 0, 0, 1, 0, 0, 0, 0, 0x01};
  assert_int_equal(read_one(wide, sizeof wide, &err), VB_ERR_LIMIT);
}

static void malformed_bytes_are_cbor_errors(void **state) {
  (void)state;
  vb_error err;
  static const uint8_t reserved[] = {0x1C};
  assert_int_equal(read_one(reserved, 1, &err), VB_ERR_CBOR);
  static const uint8_t stray_break[] = {0xFF};
  assert_int_equal(read_one(stray_break, 1, &err), VB_ERR_CBOR);
}

static void limits_apply_to_text_size(void **state) {
  (void)state;
  size_t len, ends[3];
  uint8_t *data = three_docs(&len, ends);
  vb_reader *r = vb_reader_new(NULL);
  vb_limits lim = vb_limits_default();
  lim.max_text_bytes = 40;
  vb_reader_set_limits(r, &lim);
  assert_int_equal(vb_reader_open_memory(r, data, len), VB_OK);
  vb_document d;
  vb_error err;
  assert_int_equal(vb_reader_next(r, &d, &err), VB_ERR_LIMIT);
  assert_int_equal(err.record, 0);
  /* The record was skipped whole; the next one is read. */
  assert_int_equal(vb_reader_next(r, &d, &err), VB_ERR_LIMIT);
  assert_int_equal(vb_reader_next(r, &d, &err), VB_ERR_LIMIT);
  assert_int_equal(vb_reader_next(r, &d, &err), VB_END);
  vb_reader_free(r);
  free(data);
}

static void allocation_failures_return_nomem_and_leak_nothing(void **state) {
  (void)state;
  size_t len, ends[3];
  uint8_t *data = three_docs(&len, ends);
  bool succeeded = false;
  for (long n = 1; n < 200 && !succeeded; n++) {
    test_alloc t;
    vb_allocator a = test_alloc_make(&t, n);
    vb_reader *r = vb_reader_new(&a);
    vb_writer *w = r ? vb_writer_new(&a) : NULL;
    if (r && w) {
      chunker c = {data, len, 0, 3};
      assert_int_equal(vb_reader_open_callback(r, chunked_read, &c), VB_OK);
      vb_document d;
      vb_error err;
      vb_status st;
      int docs = 0;
      while ((st = vb_reader_next(r, &d, &err)) == VB_OK) {
        vb_status ws = vb_writer_document(w, &d, &err);
        if (ws != VB_OK) {
          assert_int_equal(ws, VB_ERR_NOMEM);
          st = ws;
          break;
        }
        docs++;
      }
      if (st == VB_END) {
        assert_int_equal(docs, 3);
        size_t out_len;
        vb_writer_data(w, &out_len);
        assert_int_equal(out_len, len); /* same bytes back: deterministic */
        succeeded = !t.failed;
      } else {
        assert_int_equal(st, VB_ERR_NOMEM);
        assert_true(t.failed);
      }
    } else {
      assert_true(t.failed);
    }
    vb_writer_free(w);
    vb_reader_free(r);
    assert_int_equal(t.live, 0);
  }
  assert_true(succeeded);
  free(data);
}

static void json_escapes_and_nests(void **state) {
  (void)state;
  vb_buf b;
  vb_buf_init(&b, vb_default_allocator());
  vb_cbor_put_map(&b, 3);
  vb_cbor_put_cstr(&b, "a");
  vb_cbor_put_cstr(&b, "q\"\\\n\x01");
  vb_cbor_put_cstr(&b, "n");
  vb_cbor_put_array(&b, 4);
  vb_cbor_put_int(&b, -5);
  vb_cbor_put_float(&b, 0.25);
  vb_cbor_put_null(&b);
  vb_cbor_put_bool(&b, true);
  vb_cbor_put_uint(&b, 7);
  vb_cbor_put_bytes(&b, "hi!", 3);
  vb_writer *w = vb_writer_new(NULL);
  vb_error err;
  assert_int_equal(vb_writer_json(w, b.data, b.len, &err), VB_OK);
  size_t len;
  const uint8_t *out = vb_writer_data(w, &len);
  const char *want = "{\"a\":\"q\\\"\\\\\\n\\u0001\",\"n\":[-5,0.25,null,true],\"7\":\"aGkh\"}\n";
  assert_int_equal(len, strlen(want));
  assert_memory_equal(out, want, len);
  vb_writer_free(w);
  vb_buf_release(&b);
}

/* Found by fuzz_records: an indefinite text string with no chunks. */
static void json_of_empty_chunked_strings(void **state) {
  (void)state;
  static const uint8_t items[] = {0x82, 0x7F, 0xFF, 0x5F, 0xFF}; /* ["", h''] */
  vb_writer *w = vb_writer_new(NULL);
  vb_error err;
  assert_int_equal(vb_writer_json(w, items, sizeof items, &err), VB_OK);
  size_t len;
  const uint8_t *out = vb_writer_data(w, &len);
  assert_int_equal(len, 8);
  assert_memory_equal(out, "[\"\",\"\"]\n", 8);
  vb_writer_free(w);
}

/* Found while testing tag chains: libcbor 0.8 refuses the one-byte heads of
 * tags 6..20 (0xC6..0xD4), which are well-formed CBOR. Every tag number in
 * every head width is read, and dropped from the JSON form. */
static void every_tag_number_is_well_formed(void **state) {
  (void)state;
  vb_writer *w = vb_writer_new(NULL);
  vb_error err;
  for (unsigned t = 0; t < 24; t++) {
    uint8_t item[] = {(uint8_t)(0xC0 | t), 0x01};
    assert_int_equal(vb_writer_json(w, item, sizeof item, &err), VB_OK);
    assert_int_equal(vb_writer_raw(w, item, sizeof item, &err), VB_OK);
  }
  static const uint8_t wide[] = {0xDB, 0, 0, 0, 1, 0, 0, 0, 0, 0x01}; /* tag 2^32 */
  assert_int_equal(vb_writer_json(w, wide, sizeof wide, &err), VB_OK);
  vb_writer_reset(w);
  static const uint8_t in_doc[] = {0xA2, 0x62, 'i', 'd', 0xC6, 0x61, 'x', 0x64, 't', 'e', 'x', 't',
                                   0x60};
  vb_reader *r = vb_reader_new(NULL);
  vb_document d;
  assert_int_equal(vb_reader_open_memory(r, in_doc, sizeof in_doc), VB_OK);
  /* Well-formed, so the reader goes past the checks; the tagged id is a
   * schema error naming the field, not malformed bytes. */
  assert_int_equal(vb_reader_next(r, &d, &err), VB_ERR_SCHEMA);
  assert_string_equal(err.field, "id");
  assert_false(vb_reader_failed(r));
  vb_reader_free(r);
  vb_writer_free(w);
}

static void reader_without_input_is_a_state_error(void **state) {
  (void)state;
  vb_reader *r = vb_reader_new(NULL);
  vb_document d;
  vb_error err;
  assert_int_equal(vb_reader_next(r, &d, &err), VB_ERR_STATE);
  assert_int_equal(vb_reader_open_file(r, "/nonexistent/x.cbor", &err), VB_ERR_IO);
  assert_non_null(strstr(err.message, "/nonexistent/x.cbor"));
  vb_reader_free(r);
  vb_reader_free(NULL);
  vb_writer_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_tag_number_is_well_formed),
      cmocka_unit_test(document_round_trips_with_metadata),
      cmocka_unit_test(writer_output_is_core_deterministic),
      cmocka_unit_test(floats_take_their_shortest_exact_width),
      cmocka_unit_test(random_chunk_sizes_read_the_same_records),
      cmocka_unit_test(truncation_anywhere_keeps_the_complete_records),
      cmocka_unit_test(flipped_bytes_give_records_or_clear_errors),
      cmocka_unit_test(hostile_length_header_allocates_nothing_in_advance),
      cmocka_unit_test(invalid_utf8_names_field_and_offset_and_reading_goes_on),
      cmocka_unit_test(schema_errors_name_the_field),
      cmocka_unit_test(unknown_keys_are_skipped),
      cmocka_unit_test(nesting_and_item_counts_are_bounded),
      cmocka_unit_test(malformed_bytes_are_cbor_errors),
      cmocka_unit_test(limits_apply_to_text_size),
      cmocka_unit_test(allocation_failures_return_nomem_and_leak_nothing),
      cmocka_unit_test(json_escapes_and_nests),
      cmocka_unit_test(json_of_empty_chunked_strings),
      cmocka_unit_test(reader_without_input_is_a_state_error),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
