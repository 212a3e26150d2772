/*
 * gik_pdfglyphs.h - the child half of reading a PDF: what
 * "gikreport pdf-glyphs" runs (filters/tool/gikreport_glyphs.c).
 *
 * The module and "gikreport check" never run poppler themselves: they pipe
 * the PDF to that child, which limits itself (CPU, address space, no file
 * written), opens the PDF with poppler and writes back a glyph stream --
 * characters and their boxes, page by page, then a status record.  The
 * layout of those glyphs into lines and tables happens in the parent.
 */
#ifndef GIK_PDFGLYPHS_H
#define GIK_PDFGLYPHS_H

#include <apr_pools.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The child's limits unless configured (GikReportPdfLimits, the tool's
 * --pdf-limits): a real report's PDF takes well under a second and 100 MB. */
#define GIK_PDF_CHILD_SECONDS   10
#define GIK_PDF_CHILD_MEGABYTES 512

/* Built with AddressSanitizer: the child sets no address-space limit then
 * (ASan reserves terabytes of shadow memory), only its time limits. */
#if defined(__SANITIZE_ADDRESS__)
#define GIK_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GIK_UNDER_ASAN 1
#endif
#endif

/* Writes len bytes (one or more whole records); non-zero on failure. */
typedef int (*gik_pdf_write_fn)(void *baton, const char *buf, apr_size_t len);

/* Reads the PDF in buf with poppler, at most max_pages pages and
 * max_glyphs characters, and writes the glyph stream through write_fn, one
 * page at a time.  poppler's messages go into the stream.  Returns 0, or
 * non-zero when write_fn failed. */
int gik_pdf_glyphs_run(apr_pool_t *p, const char *buf, apr_size_t len, int max_pages,
                       apr_size_t max_glyphs, gik_pdf_write_fn write_fn, void *baton);

/* The final record that says "stopped at the memory limit", built before
 * it is needed so that a signal handler can write it without allocating.
 * Returns its length (at most size), 0 when size is too small. */
apr_size_t gik_pdf_glyphs_memory_record(char *buf, apr_size_t size);

#ifdef __cplusplus
}
#endif
#endif /* GIK_PDFGLYPHS_H */
