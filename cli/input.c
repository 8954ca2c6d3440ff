/* Iterating documents over the PATH arguments of every command. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

struct cli_input {
  cli_common opt;
  char **files; /* expanded list of files */
  size_t nfiles, cap;
  size_t next;  /* next file to open */
  vb_reader *reader; /* open while a .cbor file is being read */
  const char *cbor_name;
  char *text;   /* contents of the current text file */
  char *id;
  long skipped;
};

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool push(cli_input *in, const char *path) {
  if (in->nfiles == in->cap) {
    size_t ncap = in->cap ? in->cap * 2 : 16;
    char **p = realloc(in->files, ncap * sizeof *p);
    if (!p) return false;
    in->files = p;
    in->cap = ncap;
  }
  in->files[in->nfiles] = strdup(path);
  return in->files[in->nfiles++] != NULL;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool expand(cli_input *in, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "verbatim: %s: %s\n", path, strerror(errno));
    return false;
  }
  if (!S_ISDIR(st.st_mode)) return push(in, path);
  DIR *d = opendir(path);
  if (!d) {
    fprintf(stderr, "verbatim: %s: %s\n", path, strerror(errno));
    return false;
  }
  size_t first = in->nfiles;
  struct dirent *e;
  bool ok = true;
  while (ok && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (!ends_with(e->d_name, ".txt") && !ends_with(e->d_name, ".cbor")) continue;
    size_t n = strlen(path) + strlen(e->d_name) + 2;
    char *full = malloc(n);
    if (!full) {
      ok = false;
      break;
    }
    snprintf(full, n, "%s/%s", path, e->d_name);
    ok = push(in, full);
    free(full);
  }
  closedir(d);
  qsort(in->files + first, in->nfiles - first, sizeof *in->files, cmp_str);
  return ok;
}

cli_input *cli_input_open(char **paths, int npaths, const cli_common *opt) {
  cli_input *in = calloc(1, sizeof *in);
  if (!in) return NULL;
  in->opt = *opt;
  for (int i = 0; i < npaths; i++)
    if (!expand(in, paths[i])) {
      cli_input_close(in);
      return NULL;
    }
  return in;
}

long cli_input_skipped(const cli_input *in) { return in->skipped; }

long cli_input_known_count(const cli_input *in) {
  for (size_t i = 0; i < in->nfiles; i++)
    if (ends_with(in->files[i], ".cbor")) return -1;
  return (long)in->nfiles;
}

void cli_input_close(cli_input *in) {
  if (!in) return;
  for (size_t i = 0; i < in->nfiles; i++) free(in->files[i]);
  free(in->files);
  vb_reader_free(in->reader);
  free(in->text);
  free(in->id);
  free(in);
}

void cli_report(const char *where, const vb_error *err) {
  char msg[512];
  vb_error_format(err, msg, sizeof msg);
  fprintf(stderr, "verbatim: %s: %s\n", where, msg);
}

vb_limits cli_limits(const cli_common *opt) {
  vb_limits l = vb_limits_default();
  if (opt->max_doc_bytes) l.max_text_bytes = opt->max_doc_bytes;
  if (opt->max_record_bytes) l.max_record_bytes = opt->max_record_bytes;
  if (opt->max_items) l.max_items = opt->max_items;
  if (opt->max_depth) l.max_depth = opt->max_depth;
  return l;
}

/* Read a whole text file, check its UTF-8, and make it a document. A file
 * over the document limit is refused once that many bytes are read, rather
 * than read whole. */
static int load_text(cli_input *in, const char *path, vb_document *doc) {
  size_t max_text = cli_limits(&in->opt).max_text_bytes;
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "verbatim: %s: %s\n", path, strerror(errno));
    return -1;
  }
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (!buf) break;
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (len > max_text) {
      fprintf(stderr,
              "verbatim: %s: document text is larger than the limit of %zu bytes "
              "(--max-doc-bytes)\n",
              path, max_text);
      free(buf);
      fclose(f);
      return -1;
    }
    if (got == 0) break;
    if (len == cap) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
  }
  bool io_error = ferror(f);
  fclose(f);
  if (!buf || io_error) {
    fprintf(stderr, "verbatim: %s: %s\n", path, buf ? "read error" : "out of memory");
    free(buf);
    return -1;
  }
  size_t bad;
  if (!vb_utf8_valid(buf, len, &bad)) {
    if (!in->opt.lenient) {
      fprintf(stderr,
              "verbatim: %s: invalid UTF-8 at byte %zu (use --lenient to replace it with "
              "U+FFFD)\n",
              path, bad);
      free(buf);
      return -1;
    }
    char *fixed = malloc(vb_utf8_repair_bound(len) + 1);
    if (!fixed) {
      free(buf);
      fprintf(stderr, "verbatim: %s: out of memory\n", path);
      return -1;
    }
    size_t replaced = 0;
    len = vb_utf8_repair(buf, len, fixed, &replaced);
    free(buf);
    buf = fixed;
    if (!in->opt.quiet)
      fprintf(stderr, "verbatim: %s: replaced %zu invalid UTF-8 sequence%s with U+FFFD (first at byte %zu)\n",
              path, replaced, replaced == 1 ? "" : "s", bad);
  }
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t idlen = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  free(in->id);
  free(in->text);
  in->id = strndup(base, idlen);
  in->text = buf;
  memset(doc, 0, sizeof *doc);
  doc->id.data = in->id;
  doc->id.len = idlen;
  doc->text.data = buf;
  doc->text.len = len;
  return in->id ? 1 : -1;
}

int cli_input_next(cli_input *in, vb_document *doc) {
  for (;;) {
    if (in->reader) {
      vb_error err;
      vb_status st = vb_reader_next(in->reader, doc, &err);
      if (st == VB_OK) return 1;
      if (st == VB_END) {
        vb_reader_free(in->reader);
        in->reader = NULL;
        continue;
      }
      cli_report(in->cbor_name, &err);
      /* A well-formed bad record is stepped over; malformed bytes end the
       * file. */
      if (in->opt.skip_bad && !vb_reader_failed(in->reader)) {
        in->skipped++;
        continue;
      }
      return -1;
    }
    if (in->next >= in->nfiles) return 0;
    const char *path = in->files[in->next++];
    if (ends_with(path, ".cbor")) {
      in->reader = vb_reader_new(NULL);
      in->cbor_name = path;
      vb_error err;
      if (!in->reader) {
        fprintf(stderr, "verbatim: out of memory\n");
        return -1;
      }
      vb_limits lim = cli_limits(&in->opt);
      vb_reader_set_limits(in->reader, &lim);
      if (vb_reader_open_file(in->reader, path, &err) != VB_OK) {
        cli_report(path, &err);
        return -1;
      }
      continue;
    }
    return load_text(in, path, doc);
  }
}

bool cli_flush(vb_writer *w, FILE *out, const char *name) {
  size_t len;
  const uint8_t *data = vb_writer_data(w, &len);
  if (len && fwrite(data, 1, len, out) != len) {
    fprintf(stderr, "verbatim: %s: write failed: %s\n", name, strerror(errno));
    return false;
  }
  vb_writer_reset(w);
  return true;
}

static bool flag_is(const char *arg, const char *flag) { return strcmp(arg, flag) == 0; }

/* A positive count with an optional binary suffix: 4096, 64K, 128M, 1G. */
static bool parse_count(const char *s, size_t *out) {
  if (*s < '0' || *s > '9') return false;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  int shift = 0;
  if (*end == 'K' || *end == 'k') shift = 10;
  else if (*end == 'M') shift = 20;
  else if (*end == 'G') shift = 30;
  if (shift) end++;
  if (errno || *end != '\0' || v == 0 || v > (unsigned long long)(SIZE_MAX >> shift)) return false;
  *out = (size_t)v << shift;
  return true;
}

/* A limit flag at argv[*i] ("--max-x N" or "--max-x=N"): 1 when parsed,
 * 0 when it is not a limit flag, -1 on a bad or missing value (printed). */
static int parse_limit(int argc, char **argv, int *i, cli_common *opt) {
  static const char *const names[] = {"--max-doc-bytes", "--max-record-bytes", "--max-items",
                                      "--max-quotes", "--max-depth"};
  const char *a = argv[*i];
  for (int k = 0; k < 5; k++) {
    size_t n = strlen(names[k]);
    if (strncmp(a, names[k], n) != 0 || (a[n] != '\0' && a[n] != '=')) continue;
    const char *v = a[n] == '=' ? a + n + 1 : *i + 1 < argc ? argv[++*i] : NULL;
    size_t x;
    if (!v || !parse_count(v, &x) || (k == 4 && x > UINT32_MAX)) {
      fprintf(stderr, "verbatim %s: %s needs a positive count (K, M, G suffixes allowed)\n",
              argv[0], names[k]);
      return -1;
    }
    size_t *slot[] = {&opt->max_doc_bytes, &opt->max_record_bytes, &opt->max_items,
                      &opt->max_quotes};
    if (k == 4) opt->max_depth = (uint32_t)x;
    else *slot[k] = x;
    return 1;
  }
  return 0;
}

int cli_parse_common(int argc, char **argv, cli_common *opt, const char *const *extra) {
  int out = 1;
  for (int i = 1; i < argc; i++) {
    char *a = argv[i];
    int lim;
    if (flag_is(a, "--json")) opt->json = true;
    else if (flag_is(a, "--lenient")) opt->lenient = true;
    else if (flag_is(a, "--skip-bad")) opt->skip_bad = true;
    else if (flag_is(a, "--quiet") || flag_is(a, "-q")) opt->quiet = true;
    else if (strncmp(a, "--max-", 6) == 0 && (lim = parse_limit(argc, argv, &i, opt)) != 0) {
      if (lim < 0) return -1;
    } else if (a[0] == '-' && a[1] != '\0') {
      bool known = false, takes_value = false;
      for (const char *const *e = extra; e && *e; e++) {
        size_t n = strlen(*e);
        bool valued = n && (*e)[n - 1] == '=';
        if (valued ? (strncmp(a, *e, n - 1) == 0 && (a[n - 1] == '\0' || a[n - 1] == '='))
                   : flag_is(a, *e)) {
          known = true;
          takes_value = valued && a[n - 1] == '\0';
          break;
        }
      }
      if (!known) {
        fprintf(stderr, "verbatim %s: unknown option %s (see --help)\n", argv[0], a);
        return -1;
      }
      argv[out++] = a;
      if (takes_value) {
        if (i + 1 >= argc) {
          fprintf(stderr, "verbatim %s: %s needs a value\n", argv[0], a);
          return -1;
        }
        argv[out++] = argv[++i];
      }
    } else {
      argv[out++] = a;
    }
  }
  return out;
}

bool cli_help(int argc, char **argv, const char *help) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(help, stdout);
      return true;
    }
  return false;
}

int cli_paths_and_output(int argc, char **argv, const char **out_path) {
  int npaths = 0;
  *out_path = NULL;
  for (int i = 1; i < argc; i++) {
    if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && i + 1 < argc)
      *out_path = argv[++i];
    else if (strncmp(argv[i], "--output=", 9) == 0)
      *out_path = argv[i] + 9;
    else
      argv[1 + npaths++] = argv[i];
  }
  return npaths;
}
