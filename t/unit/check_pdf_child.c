/*
 * check_pdf_child.c - the glyph stream (gik_pdf_glyphstream.c) and the PDF
 * child (gik_pdf_child.c).
 *
 * The stream is what a process that ran poppler on hostile bytes wrote, so
 * the decoder is tested as a parser of hostile input: every prefix of a
 * good stream is refused (a child that died half-way), counts that lie,
 * lengths past the end or past the caps, bad code points, trailing bytes --
 * and nothing is handed on from a stream that is refused.  The child is
 * the built filters/gikreport: the slow-CMap PDF is stopped at its time
 * and memory limits, no child is left behind (waitpid), no fd stays open,
 * and a helper that exits without reading does not kill us with SIGPIPE.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <apr_strings.h>
#include <apr_time.h>
#include "gik_test.h"
#include "gik_pdf.h"
#include "gik_pdfglyphs.h"

#define TOOL GIK_BUILDDIR "/filters/gikreport"

/* ---- the stream -------------------------------------------------------- */

typedef struct pages_seen {
    int pages;
    apr_size_t glyphs;
    gik_pdf_glyph first;
    double w, h;
} pages_seen;

static void count_page(void *baton, const gik_pdf_glyph *g, apr_size_t n, double w, double h)
{
    pages_seen *s = baton;
    if (s->pages++ == 0 && n > 0) {
        s->first = g[0];
        s->w = w;
        s->h = h;
    }
    s->glyphs += n;
}

static const gik_pdf_limits lim10 = { 10, 1000, 0 };

/* Two pages (3 glyphs, then 1), a message, the end. */
static apr_array_header_t *good_stream(apr_pool_t *p)
{
    apr_array_header_t *out = apr_array_make(p, 16, 1);
    gik_pdf_glyph g[3] = { { 0x4E00, 72.5, 100.25, 84.5, 112.25 },
                           { '1', 300, 100, 306, 112 },
                           { 0x1F600, -5, -5, 1e300, 3 } };
    gik_pdf_result res;

    memset(&res, 0, sizeof(res));
    res.status = GIK_PDF_OK;
    res.pages = 5;
    res.pages_read = 2;
    res.partial_reason = "pages";
    res.detail = "in the end";
    gik_pdf_gs_header(out);
    gik_pdf_gs_page(out, g, 3, 595.3, 842);
    gik_pdf_gs_log(out, "Syntax Warning: something");
    gik_pdf_gs_page(out, g, 1, 595.3, 842);
    gik_pdf_gs_end(out, &res);
    return out;
}

static void keep_message(void *baton, const char *message)
{
    *(const char **)baton = message;
}

START_TEST(test_stream_round_trip)
{
    apr_pool_t *p = gik_test_pool();
    apr_array_header_t *s = good_stream(p);
    pages_seen seen = { 0 };
    gik_pdf_result res;
    const char *logged = NULL, *why;

    gik_pdf_set_log(keep_message, &logged);     /* poppler's words reach the log */
    why = gik_pdf_gs_decode(p, s->elts, (apr_size_t)s->nelts, &lim10, count_page, &seen, &res);
    gik_pdf_set_log(NULL, NULL);
    ck_assert_msg(logged && !strcmp(logged, "Syntax Warning: something"), "logged %s",
                  logged ? logged : "nothing");

    ck_assert_msg(why == NULL, "a good stream refused: %s", why);
    ck_assert_int_eq(seen.pages, 2);
    ck_assert_uint_eq(seen.glyphs, 4);
    ck_assert_int_eq(seen.first.cp, 0x4E00);
    ck_assert(seen.first.x1 == 72.5 && seen.first.y1 == 100.25 && seen.first.x2 == 84.5);
    ck_assert(seen.w == 595.3 && seen.h == 842);     /* exactly: doubles */
    ck_assert_int_eq(res.status, GIK_PDF_OK);
    ck_assert_int_eq(res.pages, 5);
    ck_assert_int_eq(res.pages_read, 2);
    ck_assert_str_eq(res.partial_reason, "pages");
    ck_assert_str_eq(res.detail, "in the end");
}
END_TEST

START_TEST(test_stream_every_prefix_refused)
{
    apr_pool_t *p = gik_test_pool();
    apr_array_header_t *s = good_stream(p);
    apr_size_t cut;

    for (cut = 0; cut < (apr_size_t)s->nelts; cut++) {
        pages_seen seen = { 0 };
        gik_pdf_result res;
        const char *why = gik_pdf_gs_decode(p, s->elts, cut, &lim10, count_page, &seen, &res);
        ck_assert_msg(why != NULL, "a stream cut at %lu of %d bytes was accepted",
                      (unsigned long)cut, s->nelts);
        ck_assert_msg(seen.pages == 0, "a refused stream handed on %d pages", seen.pages);
    }
}
END_TEST

/* The good stream with the 4 bytes at off replaced by v (little-endian). */
static const char *patched(apr_pool_t *p, apr_size_t off, apr_uint32_t v, int *pages)
{
    apr_array_header_t *s = good_stream(p);
    pages_seen seen = { 0 };
    gik_pdf_result res;
    const char *why;

    s->elts[off] = (char)v;
    s->elts[off + 1] = (char)(v >> 8);
    s->elts[off + 2] = (char)(v >> 16);
    s->elts[off + 3] = (char)(v >> 24);
    why = gik_pdf_gs_decode(p, s->elts, (apr_size_t)s->nelts, &lim10, count_page, &seen, &res);
    *pages = seen.pages;
    return why;
}

START_TEST(test_stream_lying_counts)
{
    apr_pool_t *p = gik_test_pool();
    int pages;
    /* header 6, 'P' at 6, its glyph count at 7, two doubles, the first code point at 27 */
    ck_assert_ptr_nonnull(patched(p, 7, 4, &pages));            /* one more than it holds */
    ck_assert_int_eq(pages, 0);
    ck_assert_ptr_nonnull(patched(p, 7, 0xFFFFFFFFu, &pages));  /* 80 GB of glyphs */
    ck_assert_ptr_nonnull(patched(p, 7, 2, &pages));            /* fewer: the rest is junk */
    ck_assert_int_eq(pages, 0);
    ck_assert_ptr_nonnull(patched(p, 27, 0, &pages));           /* code point 0 */
    ck_assert_ptr_nonnull(patched(p, 27, 0xD800, &pages));      /* a surrogate */
    ck_assert_ptr_nonnull(patched(p, 27, 0x110000, &pages));    /* past Unicode */
    ck_assert_ptr_null(patched(p, 27, 0x10FFFF, &pages));       /* the last one is fine */
    ck_assert_ptr_nonnull(patched(p, 35, 0x7FF00000u, &pages)); /* x1 = infinity (its high half) */
    ck_assert_ptr_nonnull(patched(p, 15, 0x7FF00000u, &pages)); /* width = infinity */
}
END_TEST

static const char *decode_bytes(apr_pool_t *p, const char *buf, apr_size_t len,
                                const gik_pdf_limits *lim, gik_pdf_result *res)
{
    pages_seen seen = { 0 };
    return gik_pdf_gs_decode(p, buf, len, lim, count_page, &seen, res);
}

START_TEST(test_stream_huge_lengths_and_junk)
{
    apr_pool_t *p = gik_test_pool();
    gik_pdf_result res;
    /* a message claiming 65535 bytes (past the 512 cap, and past the end) */
    static const char huge_log[] = "GIKG1\nL\xff\xff" "abc";
    /* a status record whose detail claims more than is there */
    static const char short_detail[] = "GIKG1\nS\0\0\0\0\0\0\0\0\0\0\x10\x00" "ab";
    /* a status out of range (99), and one with more pages read than sent */
    static const char bad_status[] = "GIKG1\nS\x63\0\0\0\0\0\0\0\0\0\0\0";
    static const char read_gt_sent[] = "GIKG1\nS\0\x05\0\0\0\x03\0\0\0\0\0\0";
    static const char unknown[] = "GIKG1\nX";
    static const char magic[] = "GIKG2\nS\0\0\0\0\0\0\0\0\0\0\0\0";
    apr_array_header_t *s = good_stream(p);

    ck_assert_ptr_nonnull(decode_bytes(p, huge_log, sizeof(huge_log) - 1, &lim10, &res));
    ck_assert_ptr_nonnull(decode_bytes(p, short_detail, sizeof(short_detail) - 1, &lim10, &res));
    ck_assert_ptr_nonnull(decode_bytes(p, bad_status, sizeof(bad_status) - 1, &lim10, &res));
    ck_assert_ptr_nonnull(decode_bytes(p, read_gt_sent, sizeof(read_gt_sent) - 1, &lim10,
                                       &res));
    ck_assert_ptr_nonnull(decode_bytes(p, unknown, sizeof(unknown) - 1, &lim10, &res));
    ck_assert_ptr_nonnull(decode_bytes(p, magic, sizeof(magic) - 1, &lim10, &res));
    /* one byte after the status record */
    gik_pdf_gs_bytes(s, "", 1);
    ck_assert_ptr_nonnull(decode_bytes(p, s->elts, (apr_size_t)s->nelts, &lim10, &res));
}
END_TEST

START_TEST(test_stream_caps)
{
    apr_pool_t *p = gik_test_pool();
    apr_array_header_t *s = good_stream(p);
    gik_pdf_limits one_page = { 1, 1000, 0 }, three_glyphs = { 10, 3, 0 };
    gik_pdf_result res;

    ck_assert_ptr_nonnull(decode_bytes(p, s->elts, (apr_size_t)s->nelts, &one_page, &res));
    ck_assert_ptr_nonnull(decode_bytes(p, s->elts, (apr_size_t)s->nelts, &three_glyphs, &res));
}
END_TEST

START_TEST(test_stream_memory_record)
{
    apr_pool_t *p = gik_test_pool();
    apr_array_header_t *out = apr_array_make(p, 16, 1);
    gik_pdf_glyph g = { 'x', 1, 1, 2, 2 };
    char rec[64];
    apr_size_t n = gik_pdf_glyphs_memory_record(rec, sizeof(rec));
    gik_pdf_result res;

    ck_assert_uint_eq(gik_pdf_glyphs_memory_record(rec, 4), 0);
    gik_pdf_gs_header(out);
    gik_pdf_gs_page(out, &g, 1, 10, 10);
    gik_pdf_gs_bytes(out, rec, n);       /* what the child's abort handler appends */
    ck_assert_ptr_null(decode_bytes(p, out->elts, (apr_size_t)out->nelts, &lim10, &res));
    ck_assert_int_eq(res.status, GIK_PDF_LIMIT_MEMORY);
}
END_TEST

/* ---- the child ---------------------------------------------------------- */

static void no_token(void *baton, const gik_token *t)
{
    ++*(int *)baton;
}

static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d))) {
        n += e->d_name[0] != '.';
    }
    if (d) {
        closedir(d);
    }
    return n;
}

/* Every child was reaped: none is left to wait for. */
static void assert_no_children(void)
{
    int st;
    ck_assert_int_eq(waitpid(-1, &st, WNOHANG), -1);
    ck_assert_int_eq(errno, ECHILD);
}

/* res says status and (unless NULL) exactly detail. */
static void assert_status(const gik_pdf_result *res, gik_pdf_status status, const char *detail)
{
    ck_assert_msg(res->status == status, "status %d, want %d: %s", res->status, status,
                  res->detail ? res->detail : "");
    if (detail) {
        ck_assert_str_eq(res->detail, detail);
    }
}

static void read_child(apr_pool_t *p, const char *fixture, const char *tool, int secs, int mb,
                       gik_pdf_result *res, int *tokens, double *elapsed)
{
    gik_pdf_helper h = { tool, secs, mb };
    apr_size_t len;
    char *buf = gik_test_read(p, fixture, &len);
    apr_time_t t0 = apr_time_now();
    *tokens = 0;
    gik_pdf_read_child(p, buf, len, &h, NULL, no_token, tokens, res);
    *elapsed = (double)(apr_time_now() - t0) / APR_USEC_PER_SEC;
}

START_TEST(test_child_reads_like_in_process)
{
    apr_pool_t *p = gik_test_pool();
    gik_pdf_result res, direct;
    int tokens, direct_tokens = 0, fds = open_fds();
    double dt;
    apr_size_t len;
    char *buf = gik_test_read(p, "t/fixtures/pdf/text-one-page.pdf", &len);

    read_child(p, "t/fixtures/pdf/text-one-page.pdf", TOOL, 10, 512, &res, &tokens, &dt);
    gik_pdf_read(p, buf, len, NULL, no_token, &direct_tokens, &direct);
    assert_status(&res, GIK_PDF_OK, NULL);
    ck_assert_int_eq(res.pages, 1);
    ck_assert_int_eq(res.pages_read, 1);
    ck_assert_int_gt(tokens, 0);
    ck_assert_int_eq(tokens, direct_tokens);
    assert_no_children();
    ck_assert_int_eq(open_fds(), fds);
}
END_TEST

START_TEST(test_child_time_limit)
{
    apr_pool_t *p = gik_test_pool();
    gik_pdf_result res;
    int tokens, fds = open_fds();
    double dt;

    read_child(p, "t/fixtures/pdf/slow-cmap.pdf", TOOL, 1, 4096, &res, &tokens, &dt);
    assert_status(&res, GIK_PDF_LIMIT_TIME, "took longer than 1 s");
    ck_assert_msg(dt < 2.0, "a 1 s limit took %.2f s", dt);
    ck_assert_int_eq(tokens, 0);
    ck_assert_int_eq(open_fds(), fds);
    assert_no_children();
}
END_TEST

/* A child that got almost no CPU before its deadline was starved (a loaded
 * machine), not stopped by its PDF: busy, which is not cached, rather than
 * "took longer than", which is.  A helper that only sleeps stands for it. */
START_TEST(test_child_starved_is_busy)
{
    apr_pool_t *p = gik_test_pool();
    gik_pdf_result res;
    int tokens, fd;
    double dt;
    char path[] = "/tmp/gik-sleeper-XXXXXX";
    static const char script[] = "#!/bin/sh\nexec sleep 30\n";

    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, script, sizeof(script) - 1), (int)sizeof(script) - 1);
    close(fd);
    ck_assert_int_eq(chmod(path, 0700), 0);
    read_child(p, "t/fixtures/pdf/text-one-page.pdf", path, 1, 512, &res, &tokens, &dt);
    unlink(path);
    ck_assert_msg(res.status == GIK_PDF_BUSY, "status %d, want busy: %s", res.status,
                  res.detail ? res.detail : "");
    ck_assert_msg(strstr(res.detail, "too busy") != NULL, "%s", res.detail);
    ck_assert_msg(dt < 2.0, "a 1 s limit took %.2f s", dt);
    ck_assert_int_eq(tokens, 0);
    assert_no_children();
}
END_TEST

START_TEST(test_child_memory_limit)
{
    apr_pool_t *p = gik_test_pool();
    gik_pdf_result res;
    int tokens;
    double dt;

    read_child(p, "t/fixtures/pdf/slow-cmap.pdf", TOOL, 4, 256, &res, &tokens, &dt);
#ifdef GIK_UNDER_ASAN
    assert_status(&res, GIK_PDF_LIMIT_TIME, NULL);   /* no address-space limit under ASan */
#else
    assert_status(&res, GIK_PDF_LIMIT_MEMORY, "needed more than 256 MB");
#endif
    ck_assert_int_eq(tokens, 0);
    assert_no_children();
}
END_TEST

START_TEST(test_child_not_a_helper)
{
    apr_pool_t *p = gik_test_pool();
    gik_pdf_result res;
    int tokens;
    double dt;

    read_child(p, "t/fixtures/pdf/text-one-page.pdf", "/nonexistent/gikreport", 5, 512, &res,
               &tokens, &dt);
    ck_assert_int_eq(res.status, GIK_PDF_FAILED);
    ck_assert_msg(strstr(res.detail, "could not be started") != NULL, "%s", res.detail);
    /* a program that exits 0 without a word: no stream is no result */
    read_child(p, "t/fixtures/pdf/text-one-page.pdf", "/bin/true", 5, 512, &res, &tokens, &dt);
    ck_assert_int_eq(res.status, GIK_PDF_FAILED);
    ck_assert_msg(strstr(res.detail, "broken") != NULL, "%s", res.detail);
    assert_no_children();
}
END_TEST

START_TEST(test_child_sigpipe_safe)
{
    apr_pool_t *p = gik_test_pool();
    gik_pdf_helper h = { "/bin/true", 5, 512 };
    apr_size_t len = 16 * 1024 * 1024;
    char *buf = apr_pcalloc(p, len);
    gik_pdf_result res;
    sigset_t pending;
    int tokens = 0;

    /* the default disposition: a SIGPIPE would end this test process */
    signal(SIGPIPE, SIG_DFL);
    memcpy(buf, "%PDF-1.7\n", 9);
    gik_pdf_read_child(p, buf, len, &h, NULL, no_token, &tokens, &res);
    ck_assert_int_eq(res.status, GIK_PDF_FAILED);
    sigpending(&pending);
    ck_assert(!sigismember(&pending, SIGPIPE));
    assert_no_children();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pdf_child");
    TCase *st = tcase_create("stream");
    TCase *ch = tcase_create("child");

    tcase_add_test(st, test_stream_round_trip);
    tcase_add_test(st, test_stream_every_prefix_refused);
    tcase_add_test(st, test_stream_lying_counts);
    tcase_add_test(st, test_stream_huge_lengths_and_junk);
    tcase_add_test(st, test_stream_caps);
    tcase_add_test(st, test_stream_memory_record);
    tcase_add_test(ch, test_child_reads_like_in_process);
    tcase_add_test(ch, test_child_time_limit);
    tcase_add_test(ch, test_child_starved_is_busy);
    tcase_add_test(ch, test_child_memory_limit);
    tcase_add_test(ch, test_child_not_a_helper);
    tcase_add_test(ch, test_child_sigpipe_safe);
    tcase_set_timeout(ch, 30);
    suite_add_tcase(s, st);
    suite_add_tcase(s, ch);
    return gik_test_run(s);
}
