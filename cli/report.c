/* report.html: one self-contained page from the results of `verbatim
 * analyze`. A small HTML writer (escaping, one sticky error flag) and one
 * function per section. */
#include "report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- the HTML writer -------------------------------------------------------- */

typedef struct html {
  FILE *f;
  bool failed;
} html;

static void h_raw(html *h, const char *s) {
  if (fputs(s, h->f) == EOF) h->failed = true;
}

static void h_fmt(html *h, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (vfprintf(h->f, fmt, ap) < 0) h->failed = true;
  va_end(ap);
}

/* Text escaped for element content and quoted attribute values alike. */
static void h_esc(html *h, const char *s, size_t n) {
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    const char *rep = NULL;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&#39;"; break;
      default: break;
    }
    if (!rep) continue;
    if (i > run && fwrite(s + run, 1, i - run, h->f) != i - run) h->failed = true;
    h_raw(h, rep);
    run = i + 1;
  }
  if (n > run && fwrite(s + run, 1, n - run, h->f) != n - run) h->failed = true;
}

static void h_escz(html *h, const char *s) { h_esc(h, s, strlen(s)); }

/* At most `max` characters of a UTF-8 string, with an ellipsis when cut. */
static void h_esc_short(html *h, const char *s, size_t n, size_t max) {
  size_t chars = 0, i = 0;
  while (i < n && chars < max) {
    i++;
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    chars++;
  }
  h_esc(h, s, i);
  if (i < n) h_raw(h, "\xE2\x80\xA6");
}

/* ---- helpers over the results ---------------------------------------------- */

static bool picked(const size_t *shown, size_t n, size_t k) {
  for (size_t i = 0; i < n; i++)
    if (shown[i] == k) return true;
  return false;
}

static bool doc_used(const an_pair *pairs, const size_t *shown, size_t n, uint32_t doc) {
  for (size_t i = 0; i < n; i++)
    if (pairs[shown[i]].a_doc == doc || pairs[shown[i]].b_doc == doc) return true;
  return false;
}

size_t report_pick_pairs(const an_pair *pairs, size_t npairs, size_t shown[REPORT_TOP_PAIRS]) {
  size_t n = 0;
  for (size_t k = 0; k < npairs && n < REPORT_TOP_PAIRS; k++)
    if (!doc_used(pairs, shown, n, pairs[k].a_doc) && !doc_used(pairs, shown, n, pairs[k].b_doc))
      shown[n++] = k;
  for (size_t k = 0; k < npairs && n < REPORT_TOP_PAIRS; k++)
    if (!picked(shown, n, k)) shown[n++] = k;
  return n;
}

/* The pairs whose passages are in the report. */
typedef struct shown_pairs {
  size_t k[REPORT_TOP_PAIRS];
  size_t n;
} shown_pairs;

static shown_pairs pick(const report_input *in) {
  shown_pairs s;
  s.n = report_pick_pairs(in->pairs, in->npairs, s.k);
  return s;
}

static const char *doc_id(const report_input *in, uint32_t doc, size_t *len) {
  if (doc < in->ndocs) {
    *len = in->docs[doc].id_len;
    return in->docs[doc].id;
  }
  *len = 1;
  return "?";
}

static void h_doc(html *h, const report_input *in, uint32_t doc) {
  size_t len;
  const char *id = doc_id(in, doc, &len);
  h_raw(h, "<span class=\"doc\" title=\"");
  h_esc(h, id, len);
  h_raw(h, "\">");
  h_esc_short(h, id, len, 34);
  h_raw(h, "</span>");
}

static void h_speaker(html *h, const char *S, size_t off, size_t len) {
  if (len == 0) {
    h_raw(h, "<span class=\"speaker none\">no speaker</span>");
    return;
  }
  h_raw(h, "<span class=\"speaker\">");
  h_esc(h, S + off, len);
  h_raw(h, "</span>");
}

/* A quote side's text with the byte ranges of its edits wrapped in `tag`
 * (del on the quote's side, ins on the other). */
static void h_side_text(html *h, const char *S, const vb_match_side *side,
                        const vb_match_edit *ed, size_t ned, bool a_side) {
  const char *t = S + side->text_off;
  const char *tag = a_side ? "del" : "ins";
  size_t pos = side->start;
  for (size_t i = 0; i < ned; i++) {
    size_t s = a_side ? ed[i].a_start : ed[i].b_start;
    size_t e = a_side ? ed[i].a_end : ed[i].b_end;
    if (s >= e || s < pos || e > side->end) continue;
    h_esc(h, t + (pos - side->start), s - pos);
    h_fmt(h, "<%s>", tag);
    h_esc(h, t + (s - side->start), e - s);
    h_fmt(h, "</%s>", tag);
    pos = e;
  }
  h_esc(h, t + (pos - side->start), side->end - pos);
}

/* ---- page head and style ----------------------------------------------------- */

static const char *const page_style[] = {
    "<style>\n",
    ":root{--ink:#1d2430;--muted:#5d6776;--line:#dde2ea;--bg:#f6f7f9;--card:#fff;"
    "--accent:#1f5fa8;--warn:#b3261e;--warnbg:#fdecea;--ins:#d7f5dd;--insink:#0b5a1e;"
    "--del:#fbe0e0;--delink:#8a1111;--sub:#fff1b8}\n",
    "*{box-sizing:border-box}\n",
    "body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"
    "'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n",
    "main{max-width:1240px;margin:0 auto;padding:24px 28px 60px}\n",
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 6px;"
    "border-bottom:2px solid var(--line);padding-bottom:4px}h3{font-size:16px;margin:0}\n",
    "p.lead{color:var(--muted);margin:0 0 14px;max-width:80ch}\n",
    "nav{display:flex;gap:16px;flex-wrap:wrap;margin:8px 0 18px;font-size:14px}\n",
    "nav a{color:var(--accent);text-decoration:none}nav a:hover{text-decoration:underline}\n",
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(128px,1fr));gap:10px}\n",
    ".card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px}\n",
    ".card b{display:block;font-size:24px;line-height:1.2}.card span{color:var(--muted);font-size:13px}\n",
    ".card.warn{border-color:var(--warn);background:var(--warnbg)}.card.warn b{color:var(--warn)}\n",
    "table{border-collapse:collapse;width:100%;background:var(--card);font-size:14px}\n",
    "th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}\n",
    "th{font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.03em}\n",
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n",
    ".bar{display:inline-block;width:120px;height:10px;background:#e6ebf2;border-radius:5px;"
    "overflow:hidden;vertical-align:middle;margin-right:6px}\n",
    ".bar i{display:block;height:100%;background:#c98a2b}\n",
    ".doc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}\n",
    ".speaker{font-weight:600}.speaker.none{font-weight:400;color:var(--muted);font-style:italic}\n",
    ".kind{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;"
    "letter-spacing:.04em;padding:1px 6px;border-radius:4px;background:#e3ebf6;color:#1f4c85}\n",
    ".kind.altered{background:#fff1b8;color:#6b5200}.kind.unquoted{background:#eadcf7;color:#5a2a86}\n",
    ".kind.truncated,.kind.split,.kind.merged{background:#dff3f1;color:#0d5f58}\n",
    "del{background:var(--del);color:var(--delink);text-decoration:line-through}\n",
    "ins{background:var(--ins);color:var(--insink);text-decoration:none}\n",
    "mark.sub{background:var(--sub);color:inherit}\n",
    ".conflicts{border:2px solid var(--warn);background:var(--warnbg);border-radius:10px;"
    "padding:12px 16px;margin-top:18px}\n",
    ".conflicts h2{color:var(--warn);border:0;margin:0 0 8px}\n",
    ".conflict-group{background:#fff;border-radius:8px;padding:10px 14px;margin:10px 0;"
    "border-left:5px solid var(--warn)}\n",
    ".conflict-list{margin:8px 0 0;padding-left:20px;font-size:13.5px}\n",
    ".conflict .who{font-size:15px;margin-bottom:6px}\n",
    ".two{display:grid;grid-template-columns:1fr 1fr;gap:12px}\n",
    "blockquote{margin:0;padding:8px 12px;background:#fafbfc;border-left:3px solid var(--line);"
    "border-radius:4px;white-space:pre-wrap}\n",
    ".cluster{background:var(--card);border:1px solid var(--line);border-radius:10px;"
    "padding:12px 16px;margin:12px 0}\n",
    ".cluster.has-conflict{border-color:var(--warn)}\n",
    ".cluster .best{font-size:16px;margin:6px 0 8px;font-family:Georgia,'Times New Roman',serif}\n",
    ".meta{color:var(--muted);font-size:13px}\n",
    ".members{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0 10px}\n",
    ".member{border:1px solid var(--line);border-radius:12px;padding:1px 9px;font-size:12.5px;background:#fbfcfd}\n",
    ".member.best-form{border-color:var(--accent)}\n",
    "table.variants td.q{width:38%;font-family:Georgia,'Times New Roman',serif;font-size:14.5px}\n",
    "table.variants td.k{white-space:nowrap;width:1%}\n",
    "details>summary{cursor:pointer;color:var(--accent);margin:8px 0;font-size:14px}\n",
    ".pair{background:var(--card);border:1px solid var(--line);border-radius:10px;"
    "padding:12px 16px;margin:14px 0}\n",
    ".passage{margin:10px 0 4px}\n",
    ".passage .text{white-space:pre-wrap;font-family:Georgia,'Times New Roman',serif;"
    "font-size:14px;max-height:19em;overflow:auto;border:1px solid var(--line);border-radius:6px;"
    "padding:8px 10px;background:#fcfcfd}\n",
    ".legend{font-size:13px;color:var(--muted)}.legend>*{margin-right:10px}\n",
    "svg text{font:11px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:#333}\n",
    "svg rect.cell:hover{stroke:#000;stroke-width:1.5}\n",
    ".heat{display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap}\n",
    ".heat .side{flex:1;min-width:260px}\n",
    "footer{margin-top:40px;color:var(--muted);font-size:12.5px}\n",
    "@media (max-width:800px){.two{grid-template-columns:1fr}}\n",
    "@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}"
    "nav,.noprint{display:none}.cluster,.pair,.conflict-group,.card{break-inside:avoid}"
    ".passage .text{max-height:none;overflow:visible}h2{break-after:avoid}"
    "a{color:inherit;text-decoration:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n",
    "</style>\n",
    NULL};

/* Hovering a heat-map cell names the pair; clicking one with passages jumps
 * to them. Everything still reads without scripts. */
static const char page_script[] =
    "<script>\n"
    "window.addEventListener('beforeprint',function(){\n"
    "  document.querySelectorAll('details').forEach(function(d){d.open=true;});});\n"
    "document.addEventListener('DOMContentLoaded',function(){\n"
    "  var out=document.getElementById('cell-info');\n"
    "  document.querySelectorAll('rect.cell').forEach(function(r){\n"
    "    r.addEventListener('mouseenter',function(){\n"
    "      if(out)out.textContent=r.getAttribute('data-a')+' \\u2194 '+r.getAttribute('data-b')+"
    "': score '+r.getAttribute('data-score');});\n"
    "    r.addEventListener('click',function(){var t=r.getAttribute('data-target');\n"
    "      if(t&&document.getElementById(t))location.hash=t;});\n"
    "  });\n"
    "});\n"
    "</script>\n";

static void section_head(html *h, const report_input *in) {
  (void)in;
  h_raw(h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>verbatim report</title>\n");
  for (const char *const *p = page_style; *p; p++) h_raw(h, *p);
  h_raw(h, page_script);
  h_raw(h, "</head>\n<body>\n<main>\n");
}

/* ---- sections ------------------------------------------------------------------ */

static void section_summary(html *h, const report_input *in) {
  const an_summary *s = in->summary;
  h_raw(h, "<header id=\"summary\">\n<h1>How text and quotes travel in this corpus</h1>\n");
  h_fmt(h,
        "<p class=\"lead\">verbatim read %zu documents, found the pairs that reuse each "
        "other's text and the passages they share, extracted every direct quotation with its "
        "speaker, and followed each quote into the other documents: copied exactly, edited, "
        "cut, split, merged, or used without quotation marks.</p>\n",
        s->documents);
  h_raw(h, "<div class=\"cards\">\n");
  h_fmt(h, "<div class=\"card\"><b>%zu</b><span>documents</span></div>\n", s->documents);
  h_fmt(h, "<div class=\"card\"><b>%zu</b><span>similar pairs</span></div>\n", s->pairs);
  h_fmt(h, "<div class=\"card\"><b>%zu</b><span>quotes</span></div>\n", s->quotes);
  h_fmt(h, "<div class=\"card\"><b>%zu</b><span>quote matches</span></div>\n", s->matches);
  h_fmt(h, "<div class=\"card\"><b>%zu</b><span>quote clusters</span></div>\n", s->clusters);
  h_fmt(h, "<div class=\"card%s\"><b>%zu</b><span>speaker conflicts</span></div>\n",
        s->conflicts ? " warn" : "", s->conflicts);
  h_raw(h, "</div>\n<p class=\"meta\">Matches by kind: ");
  for (int k = 0; k < 7; k++)
    h_fmt(h, "%s%s %zu", k ? " \xC2\xB7 " : "", vb_match_kind_name((vb_match_kind)k),
          s->by_kind[k]);
  h_fmt(h, ". Analysed in %.2f s.</p>\n", s->seconds);
  h_raw(h,
        "<nav class=\"noprint\"><a href=\"#conflicts\">Speaker conflicts</a>"
        "<a href=\"#corpus\">Corpus</a><a href=\"#matrix\">Who reuses whom</a>"
        "<a href=\"#clusters\">Quote clusters</a><a href=\"#passages\">Reused passages</a></nav>\n"
        "</header>\n");
}

/* Two conflicting matches tell the same story: the same quote cluster and
 * the same two names. */
static bool same_conflict(const char *S, const vb_match *x, const vb_match *y) {
  return x->cluster == y->cluster && x->a.speaker_len == y->a.speaker_len &&
         x->b.speaker_len == y->b.speaker_len &&
         memcmp(S + x->a.speaker_off, S + y->a.speaker_off, x->a.speaker_len) == 0 &&
         memcmp(S + x->b.speaker_off, S + y->b.speaker_off, x->b.speaker_len) == 0;
}

/* One quotation whose speakers disagree: both texts once, then every
 * conflicting match of the group (same cluster, same two names). */
static void conflict_group(html *h, const report_input *in, size_t i) {
  size_t nm, ne, slen;
  const vb_match *mt = vb_matcher_matches(in->matcher, &nm);
  const vb_match_edit *ed = vb_matcher_edits(in->matcher, &ne);
  const char *S = vb_matcher_strings(in->matcher, &slen);
  const vb_match *x = &mt[i];
  h_raw(h, "<div class=\"conflict-group\">\n<div class=\"who\">");
  h_speaker(h, S, x->a.speaker_off, x->a.speaker_len);
  h_raw(h, " <span class=\"meta\">or</span> ");
  h_speaker(h, S, x->b.speaker_off, x->b.speaker_len);
  h_raw(h, "?</div>\n");
  const vb_match_edit *e = ed + x->first_edit;
  size_t n = x->first_edit + x->edit_count <= ne ? x->edit_count : 0;
  h_raw(h, "<div class=\"two\"><blockquote>");
  h_side_text(h, S, &x->a, e, n, true);
  h_raw(h, "</blockquote><blockquote>");
  h_side_text(h, S, &x->b, e, n, false);
  h_raw(h, "</blockquote></div>\n<ul class=\"conflict-list\">\n");
  for (size_t j = i; j < nm; j++) {
    const vb_match *y = &mt[j];
    if (!y->speaker_conflict || (j != i && !same_conflict(S, x, y))) continue;
    h_raw(h, "<li class=\"conflict\">");
    h_speaker(h, S, y->a.speaker_off, y->a.speaker_len);
    h_raw(h, " in ");
    h_doc(h, in, y->a.doc);
    h_raw(h, " \xE2\x80\x94 ");
    h_speaker(h, S, y->b.speaker_off, y->b.speaker_len);
    h_raw(h, " in ");
    h_doc(h, in, y->b.doc);
    h_fmt(h, " <span class=\"kind %s\">%s</span></li>\n", vb_match_kind_name(y->kind),
          vb_match_kind_name(y->kind));
  }
  h_raw(h, "</ul>\n</div>\n");
}

static void section_conflicts(html *h, const report_input *in) {
  size_t nm, slen;
  const vb_match *mt = vb_matcher_matches(in->matcher, &nm);
  const char *S = vb_matcher_strings(in->matcher, &slen);
  h_fmt(h, "<section id=\"conflicts\" class=\"conflicts\" data-count=\"%zu\">\n",
        in->summary->conflicts);
  h_fmt(h, "<h2>\xE2\x9A\xA0 Speaker conflicts: %zu</h2>\n", in->summary->conflicts);
  if (in->summary->conflicts == 0)
    h_raw(h, "<p>No quote is given to different people in different documents.</p>\n");
  else
    h_raw(h,
          "<p>The same words are attributed to different people: one of the documents has "
          "the speaker wrong (or the attribution was misread). Each box is one quotation; "
          "the list says which documents disagree.</p>\n");
  /* One card per quote cluster and pair of names. Group leaders (first match of each group) with their sizes, the
   * largest groups first: a misattribution copied by many outlets leads. */
  size_t *lead = malloc((nm ? nm : 1) * sizeof *lead), *size = malloc((nm ? nm : 1) * sizeof *size);
  if (!lead || !size) {
    free(lead);
    free(size);
    h->failed = true;
    return;
  }
  size_t ngroups = 0;
  for (size_t i = 0; i < nm; i++) {
    if (!mt[i].speaker_conflict) continue;
    size_t g = 0;
    while (g < ngroups && !same_conflict(S, &mt[lead[g]], &mt[i])) g++;
    if (g == ngroups) {
      lead[ngroups] = i;
      size[ngroups++] = 0;
    }
    size[g]++;
  }
  for (size_t i = 1; i < ngroups; i++) /* stable insertion sort by size */
    for (size_t j = i; j > 0 && size[j - 1] < size[j]; j--) {
      size_t t = size[j], u = lead[j];
      size[j] = size[j - 1];
      lead[j] = lead[j - 1];
      size[j - 1] = t;
      lead[j - 1] = u;
    }
  for (size_t g = 0; g < ngroups; g++) {
    if (g == 3)
      h_fmt(h, "<details><summary>%zu more quotations with conflicting speakers</summary>\n",
            ngroups - 3);
    conflict_group(h, in, lead[g]);
  }
  if (ngroups > 3) h_raw(h, "</details>\n");
  free(lead);
  free(size);
  h_raw(h, "</section>\n");
}

static void section_corpus(html *h, const report_input *in) {
  h_fmt(h, "<section id=\"corpus\" data-count=\"%zu\">\n<h2>Corpus</h2>\n", in->ndocs);
  h_raw(h,
        "<p class=\"lead\">Each document with its size and how much of it is page furniture "
        "(bylines, menus, share and donate blocks, teasers): boilerplate is left out of the "
        "reuse comparison, so shared site furniture does not make two articles look "
        "related.</p>\n");
  h_raw(h,
        "<table class=\"docs\"><thead><tr><th>document</th><th>lang</th><th>bytes</th>"
        "<th>words</th><th>paragraphs</th><th>quotes</th><th>boilerplate (share of bytes)</th>"
        "</tr></thead><tbody>\n");
  for (size_t i = 0; i < in->ndocs; i++) {
    const an_doc *d = &in->docs[i];
    double share = d->bytes ? (double)d->boiler_bytes / (double)d->bytes : 0;
    if (share > 1) share = 1;
    h_raw(h, "<tr class=\"doc-row\"><td>");
    h_doc(h, in, (uint32_t)i);
    h_raw(h, "</td><td>");
    if (d->language) h_escz(h, d->language);
    else h_raw(h, "\xE2\x80\x93");
    h_fmt(h,
          "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
          "<td class=\"n\">%zu</td><td><span class=\"bar\" title=\"%zu of %zu paragraphs\">"
          "<i style=\"width:%.1f%%\"></i></span>%.0f%% <span class=\"meta\">(%zu/%zu "
          "paragraphs)</span></td></tr>\n",
          d->bytes, d->words, d->paragraphs, d->quotes, d->boiler_paragraphs, d->paragraphs,
          share * 100, share * 100, d->boiler_paragraphs, d->paragraphs);
  }
  h_raw(h, "</tbody></table>\n</section>\n");
}

/* White through blue for scores 0..1. */
static void heat_colour(double s, char out[8]) {
  static const int stops[3][3] = {{0xe8, 0xf1, 0xfa}, {0x5b, 0x9b, 0xd5}, {0x0b, 0x2f, 0x66}};
  if (s < 0) s = 0;
  if (s > 1) s = 1;
  int seg = s < 0.5 ? 0 : 1;
  double t = s < 0.5 ? s / 0.5 : (s - 0.5) / 0.5;
  int c[3];
  for (int k = 0; k < 3; k++)
    c[k] = (int)(stops[seg][k] + (stops[seg + 1][k] - stops[seg][k]) * t + 0.5);
  snprintf(out, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

static void heat_cell(html *h, const report_input *in, const shown_pairs *sp, size_t rank,
                      uint32_t row, uint32_t col, int x0, int y0, int cell) {
  const an_pair *p = &in->pairs[rank];
  char colour[8];
  heat_colour(p->score, colour);
  size_t la, lb;
  const char *a = doc_id(in, row, &la), *b = doc_id(in, col, &lb);
  h_fmt(h, "<rect class=\"cell\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
           "data-score=\"%.3f\" data-a=\"",
        x0 + (int)col * cell, y0 + (int)row * cell, cell - 1, cell - 1, colour, p->score);
  h_esc(h, a, la);
  h_raw(h, "\" data-b=\"");
  h_esc(h, b, lb);
  if (picked(sp->k, sp->n, rank)) h_fmt(h, "\" data-target=\"pair-%zu", rank + 1);
  h_raw(h, "\"><title>");
  h_esc(h, a, la);
  h_raw(h, " \xE2\x86\x94 ");
  h_esc(h, b, lb);
  h_fmt(h, ": score %.3f</title></rect>\n", p->score);
}

static void section_matrix(html *h, const report_input *in) {
  size_t n = in->ndocs;
  h_fmt(h, "<section id=\"matrix\" data-pairs=\"%zu\">\n<h2>Who reuses whom</h2>\n", in->npairs);
  h_fmt(h,
        "<p class=\"lead\">Reuse score of every pair of documents: the share of the smaller "
        "side's words that sit in passages aligned with the other (1 = one document lies "
        "wholly inside the other). Pairs below %.2f are left blank. Hover a cell for the pair; "
        "click a dark one for its passages.</p>\n",
        in->min_score);
  if (n > 80 || n < 2) {
    h_raw(h, n < 2 ? "<p>One document: nothing to compare.</p>\n"
                   : "<p>Too many documents for a readable matrix; the best pairs follow "
                     "below.</p>\n");
    h_raw(h, "</section>\n");
    return;
  }
  int cell = (int)(600 / n);
  if (cell > 30) cell = 30;
  if (cell < 9) cell = 9;
  int label = 230, top = 150;
  int size = (int)n * cell;
  h_raw(h, "<div class=\"heat\">\n");
  h_fmt(h,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
        "role=\"img\" aria-label=\"reuse score heat map\">\n",
        label + size + 130, top + size + 10, label + size + 130, top + size + 10);
  for (size_t i = 0; i < n; i++) {
    size_t len;
    const char *id = doc_id(in, (uint32_t)i, &len);
    h_fmt(h, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" dominant-baseline=\"middle\">",
          label - 6, top + (int)i * cell + cell / 2);
    h_esc_short(h, id, len, 30);
    h_raw(h, "</text>\n");
    int cx = label + (int)i * cell + cell / 2;
    h_fmt(h, "<text transform=\"translate(%d,%d) rotate(-55)\" dominant-baseline=\"middle\">",
          cx, top - 6);
    h_esc_short(h, id, len, 24);
    h_raw(h, "</text>\n");
  }
  h_fmt(h, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#dde2ea\"/>\n",
        label, top, size, size);
  for (size_t i = 0; i < n; i++)
    h_fmt(h, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#d5d9e0\"/>\n",
          label + (int)i * cell, top + (int)i * cell, cell - 1, cell - 1);
  shown_pairs sp = pick(in);
  for (size_t k = 0; k < in->npairs; k++) {
    const an_pair *p = &in->pairs[k];
    heat_cell(h, in, &sp, k, p->a_doc, p->b_doc, label, top, cell);
    heat_cell(h, in, &sp, k, p->b_doc, p->a_doc, label, top, cell);
  }
  h_raw(h, "</svg>\n<div class=\"side\">\n<p class=\"legend\">score ");
  for (int s = 1; s <= 10; s += 3) {
    char colour[8];
    heat_colour(s / 10.0, colour);
    h_fmt(h, "<span><svg width=\"14\" height=\"14\"><rect width=\"14\" height=\"14\" fill=\"%s\"/>"
             "</svg> %.1f</span>",
          colour, s / 10.0);
  }
  h_raw(h, "</p>\n<p id=\"cell-info\" class=\"meta noprint\">&nbsp;</p>\n");
  h_raw(h, "<table class=\"toppairs\"><thead><tr><th>pair</th><th>score</th><th>passages</th>"
           "</tr></thead><tbody>\n");
  for (size_t k = 0; k < in->npairs && k < 12; k++) {
    const an_pair *p = &in->pairs[k];
    h_raw(h, "<tr><td>");
    bool shown = picked(sp.k, sp.n, k);
    if (shown) h_fmt(h, "<a href=\"#pair-%zu\">", k + 1);
    h_doc(h, in, p->a_doc);
    h_raw(h, " \xE2\x86\x94 ");
    h_doc(h, in, p->b_doc);
    if (shown) h_raw(h, "</a>");
    h_fmt(h, "</td><td class=\"n\">%.2f</td><td class=\"n\">%zu</td></tr>\n", p->score,
          p->passage_count);
  }
  h_raw(h, "</tbody></table>\n</div>\n</div>\n</section>\n");
}

/* One match row of a cluster: both sides, edits marked. */
static void variant_row(html *h, const report_input *in, const vb_match *x,
                        const vb_match_edit *ed, size_t ned, const char *S) {
  h_fmt(h, "<tr class=\"variant\"><td class=\"k\"><span class=\"kind %s\">%s</span>",
        vb_match_kind_name(x->kind), vb_match_kind_name(x->kind));
  if (x->speaker_conflict) h_raw(h, "<br><span class=\"kind\" style=\"background:#fdecea;color:#b3261e\">conflict</span>");
  h_raw(h, "</td><td class=\"q\">");
  const vb_match_edit *e = ed + x->first_edit;
  size_t n = x->first_edit + x->edit_count <= ned ? x->edit_count : 0;
  h_side_text(h, S, &x->a, e, n, true);
  h_raw(h, "<div class=\"meta\">");
  h_doc(h, in, x->a.doc);
  h_raw(h, " \xC2\xB7 ");
  h_speaker(h, S, x->a.speaker_off, x->a.speaker_len);
  h_raw(h, "</div></td><td class=\"q\">");
  h_side_text(h, S, &x->b, e, n, false);
  h_raw(h, "<div class=\"meta\">");
  h_doc(h, in, x->b.doc);
  h_raw(h, " \xC2\xB7 ");
  if (x->kind == VB_MATCH_UNQUOTED) h_raw(h, "<span class=\"speaker none\">running text</span>");
  else h_speaker(h, S, x->b.speaker_off, x->b.speaker_len);
  h_raw(h, "</div></td></tr>\n");
}

static void one_cluster(html *h, const report_input *in, uint32_t c) {
  size_t nq, nm, ne, slen, nmem;
  const vb_match_quote *q = vb_matcher_quotes(in->matcher, &nq);
  const vb_match *mt = vb_matcher_matches(in->matcher, &nm);
  const vb_match_edit *ed = vb_matcher_edits(in->matcher, &ne);
  const char *S = vb_matcher_strings(in->matcher, &slen);
  const uint32_t *mem = vb_matcher_cluster_members(in->matcher, c, &nmem);
  uint32_t best = vb_matcher_cluster_best(in->matcher, c);
  bool conflict = false;
  size_t exact = 0, others = 0;
  for (size_t i = 0; i < nm; i++)
    if (mt[i].cluster == c) {
      conflict |= mt[i].speaker_conflict;
      if (mt[i].kind == VB_MATCH_EXACT) exact++;
      else others++;
    }
  h_fmt(h, "<article class=\"cluster%s\" id=\"cluster-%u\" data-size=\"%zu\">\n",
        conflict ? " has-conflict" : "", c, nmem);
  /* Distinct documents among the members. */
  size_t docs = 0;
  for (size_t i = 0; i < nmem; i++) {
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++) seen = q[mem[j]].doc == q[mem[i]].doc;
    docs += !seen;
  }
  h_fmt(h, "<h3>Cluster %u: %zu quotes in %zu documents%s</h3>\n", c + 1, nmem, docs,
        conflict ? " \xE2\x80\x94 <span style=\"color:#b3261e\">speaker conflict</span>" : "");
  if (best < nq) {
    h_raw(h, "<div class=\"best\">\xE2\x80\x9C");
    h_esc(h, S + q[best].text_off, q[best].text_len);
    h_raw(h, "\xE2\x80\x9D \xE2\x80\x94 ");
    h_speaker(h, S, q[best].speaker_off, q[best].speaker_len);
    h_raw(h, "</div>\n");
  }
  h_raw(h, "<div class=\"members\">");
  for (size_t i = 0; i < nmem; i++) {
    const vb_match_quote *m = &q[mem[i]];
    h_fmt(h, "<span class=\"member%s\" title=\"", mem[i] == best ? " best-form" : "");
    h_esc(h, S + m->text_off, m->text_len);
    h_raw(h, "\">");
    h_doc(h, in, m->doc);
    h_raw(h, " \xC2\xB7 ");
    h_speaker(h, S, m->speaker_off, m->speaker_len);
    h_raw(h, "</span>");
  }
  h_raw(h, "</div>\n");
  h_fmt(h, "<p class=\"meta\">%zu exact cop%s; %zu changed or partial occurrence%s%s</p>\n",
        exact, exact == 1 ? "y" : "ies", others, others == 1 ? "" : "s",
        others ? ", words removed <del>like this</del> and added <ins>like this</ins>:" : ".");
  if (others) {
    h_raw(h, "<table class=\"variants\"><tbody>\n");
    size_t row = 0;
    for (size_t i = 0; i < nm; i++) {
      if (mt[i].cluster != c || mt[i].kind == VB_MATCH_EXACT) continue;
      if (row++ == 4)
        h_fmt(h, "</tbody></table>\n<details><summary>%zu more</summary>\n"
                 "<table class=\"variants\"><tbody>\n", others - 4);
      variant_row(h, in, &mt[i], ed, ne, S);
    }
    h_raw(h, row > 4 ? "</tbody></table>\n</details>\n" : "</tbody></table>\n");
  }
  h_raw(h, "</article>\n");
}

static void section_clusters(html *h, const report_input *in) {
  uint32_t nc = vb_matcher_cluster_count(in->matcher);
  size_t nm, ne, slen;
  const vb_match *mt = vb_matcher_matches(in->matcher, &nm);
  const vb_match_edit *ed = vb_matcher_edits(in->matcher, &ne);
  const char *S = vb_matcher_strings(in->matcher, &slen);
  h_fmt(h, "<section id=\"clusters\" data-count=\"%u\">\n<h2>Quote clusters</h2>\n", nc);
  h_raw(h,
        "<p class=\"lead\">Each cluster is one quotation and the variants it took as it "
        "travelled: its most complete form first, then every document and speaker it "
        "appears with, then each changed copy beside its source with the word edits "
        "marked.</p>\n");
  /* Largest clusters first. */
  uint32_t *order = malloc((nc ? nc : 1) * sizeof *order);
  if (!order) {
    h->failed = true;
    return;
  }
  for (uint32_t c = 0; c < nc; c++) order[c] = c;
  for (uint32_t i = 1; i < nc; i++) {
    uint32_t x = order[i];
    size_t sx;
    vb_matcher_cluster_members(in->matcher, x, &sx);
    uint32_t j = i;
    for (; j > 0; j--) {
      size_t sy;
      vb_matcher_cluster_members(in->matcher, order[j - 1], &sy);
      if (sy >= sx) break;
      order[j] = order[j - 1];
    }
    order[j] = x;
  }
  for (uint32_t i = 0; i < nc; i++) one_cluster(h, in, order[i]);
  free(order);
  size_t loose = 0;
  for (size_t i = 0; i < nm; i++) loose += mt[i].cluster == UINT32_MAX;
  if (loose) {
    h_raw(h, "<article class=\"loose\"><h3>Other occurrences</h3>\n<table class=\"variants\"><tbody>\n");
    for (size_t i = 0; i < nm; i++)
      if (mt[i].cluster == UINT32_MAX) variant_row(h, in, &mt[i], ed, ne, S);
    h_raw(h, "</tbody></table></article>\n");
  }
  h_raw(h, "</section>\n");
}

/* Word-level alignment of a passage for display: op 0 identical, 1
 * substituted, 2 only on this side. Edit distance when the table is small
 * enough, otherwise position by position. */
static void passage_ops(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, uint8_t *oa,
                        uint8_t *ob) {
  size_t cells = (na + 1) * (nb + 1);
  uint32_t *d = cells <= (size_t)4 << 20 ? malloc(cells * sizeof *d) : NULL;
  if (!d) {
    for (size_t i = 0; i < na; i++) oa[i] = i < nb ? (a[i] == b[i] ? 0 : 1) : 2;
    for (size_t j = 0; j < nb; j++) ob[j] = j < na ? (a[j] == b[j] ? 0 : 1) : 2;
    return;
  }
#define D(i, j) d[(i) * (nb + 1) + (j)]
  for (size_t i = 0; i <= na; i++) D(i, 0) = (uint32_t)i;
  for (size_t j = 0; j <= nb; j++) D(0, j) = (uint32_t)j;
  for (size_t i = 1; i <= na; i++)
    for (size_t j = 1; j <= nb; j++) {
      uint32_t best = D(i - 1, j - 1) + (a[i - 1] != b[j - 1]);
      if (D(i - 1, j) + 1 < best) best = D(i - 1, j) + 1;
      if (D(i, j - 1) + 1 < best) best = D(i, j - 1) + 1;
      D(i, j) = best;
    }
  size_t i = na, j = nb;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && D(i, j) == D(i - 1, j - 1) + (a[i - 1] != b[j - 1])) {
      oa[i - 1] = ob[j - 1] = a[i - 1] == b[j - 1] ? 0 : 1;
      i--;
      j--;
    } else if (i > 0 && D(i, j) == D(i - 1, j) + 1) {
      oa[--i] = 2;
    } else {
      ob[--j] = 2;
    }
  }
#undef D
  free(d);
}

/* One side of a passage: its text from the first to the last word, words
 * wrapped by their op. */
static void passage_side(html *h, const an_doc *d, vb_span tokens, const uint8_t *ops,
                         bool a_side) {
  if (!d->text || tokens.start >= tokens.end || tokens.end > d->words) return;
  size_t pos = d->spans[tokens.start].start;
  for (uint32_t t = tokens.start; t < tokens.end; t++) {
    vb_span s = d->spans[t];
    if (s.end > d->text_len || s.start < pos) continue;
    h_esc(h, d->text + pos, s.start - pos);
    uint8_t op = ops[t - tokens.start];
    const char *open = op == 0 ? "" : op == 1 ? "<mark class=\"sub\">" : a_side ? "<del>" : "<ins>";
    const char *close = op == 0 ? "" : op == 1 ? "</mark>" : a_side ? "</del>" : "</ins>";
    h_raw(h, open);
    h_esc(h, d->text + s.start, s.end - s.start);
    h_raw(h, close);
    pos = s.end;
  }
}

static void one_pair(html *h, const report_input *in, size_t rank) {
  const an_pair *p = &in->pairs[rank];
  const an_doc *A = &in->docs[p->a_doc], *B = &in->docs[p->b_doc];
  h_fmt(h, "<article class=\"pair\" id=\"pair-%zu\" data-passages=\"%zu\">\n<h3>", rank + 1,
        p->passage_count);
  h_doc(h, in, p->a_doc);
  h_raw(h, " \xE2\x86\x94 ");
  h_doc(h, in, p->b_doc);
  h_fmt(h, "</h3>\n<p class=\"meta\">score %.2f \xC2\xB7 shingle Jaccard %.2f \xC2\xB7 "
           "%zu passage%s</p>\n",
        p->score, p->jaccard, p->passage_count, p->passage_count == 1 ? "" : "s");
  for (size_t k = 0; k < p->passage_count; k++) {
    const vb_passage *ps = &p->passages[k];
    size_t na = ps->a_tokens.end - ps->a_tokens.start, nb = ps->b_tokens.end - ps->b_tokens.start;
    if (ps->a_tokens.end > A->words || ps->b_tokens.end > B->words) continue;
    uint8_t *oa = malloc(na ? na : 1), *ob = malloc(nb ? nb : 1);
    if (!oa || !ob) {
      free(oa);
      free(ob);
      h->failed = true;
      return;
    }
    passage_ops(A->hashes + ps->a_tokens.start, na, B->hashes + ps->b_tokens.start, nb, oa, ob);
    h_fmt(h, "<div class=\"passage\"><p class=\"meta\">passage %zu: %u identical, %u "
             "substituted, %u deleted, %u inserted words</p>\n<div class=\"two\"><div class=\"text\">",
          k + 1, ps->identical, ps->substituted, ps->deleted, ps->inserted);
    passage_side(h, A, ps->a_tokens, oa, true);
    h_raw(h, "</div><div class=\"text\">");
    passage_side(h, B, ps->b_tokens, ob, false);
    h_raw(h, "</div></div></div>\n");
    free(oa);
    free(ob);
  }
  h_raw(h, "</article>\n");
}

static void section_passages(html *h, const report_input *in) {
  shown_pairs sp = pick(in);
  size_t shown = sp.n;
  h_fmt(h, "<section id=\"passages\" data-count=\"%zu\">\n<h2>Reused passages</h2>\n", shown);
  h_fmt(h,
        "<p class=\"lead\">%zu of the pairs with the highest reuse score (the best pair of "
        "each document first, so one story's reprints do not fill the list), their shared passages "
        "aligned word by word. Identical words are plain; <mark class=\"sub\">substituted</mark> "
        "words are marked on both sides; words only on the left are <del>struck</del>, words "
        "only on the right <ins>green</ins>.</p>\n",
        shown);
  if (shown == 0) h_raw(h, "<p>No pair of documents shares a passage.</p>\n");
  for (size_t k = 0; k < shown; k++) one_pair(h, in, sp.k[k]);
  h_raw(h, "</section>\n");
}

static void section_footer(html *h, const report_input *in) {
  h_raw(h, "<footer>Made by verbatim ");
  h_escz(h, vb_version_string());
  h_raw(h, ". Every result, with byte offsets into the documents, is in <code>");
  h_escz(h, in->results_name);
  h_raw(h, "</code> (a CBOR sequence; <code>verbatim cat</code> prints it as JSON Lines).</footer>\n"
           "</main>\n</body>\n</html>\n");
}

bool report_write_html(FILE *out, const report_input *in) {
  html h = {out, false};
  section_head(&h, in);
  section_summary(&h, in);
  section_conflicts(&h, in);
  section_corpus(&h, in);
  section_matrix(&h, in);
  section_clusters(&h, in);
  section_passages(&h, in);
  section_footer(&h, in);
  return !h.failed && !ferror(out);
}
