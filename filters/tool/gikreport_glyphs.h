/*
 * gikreport_glyphs.h - "gikreport pdf-glyphs" (gikreport_glyphs.c), the
 * child the module and "gikreport check" read PDFs through.
 */
#ifndef GIKREPORT_GLYPHS_H
#define GIKREPORT_GLYPHS_H

#include <apr_pools.h>

/* argv: the arguments after "pdf-glyphs".  Returns the exit code. */
int gik_tool_pdf_glyphs(apr_pool_t *p, int argc, const char *const *argv);

/* This program's own path, for running itself as the PDF child: the
 * kernel's /proc/self/exe when there is one, else argv0.  In p. */
const char *gik_tool_self_path(apr_pool_t *p, const char *argv0);

#endif /* GIKREPORT_GLYPHS_H */
