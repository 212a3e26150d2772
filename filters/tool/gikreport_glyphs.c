/*
 * gikreport_glyphs.c - "gikreport pdf-glyphs": poppler's half of reading a
 * PDF, run as a child process by the module and by "gikreport check"
 * (filters/gik_pdf_child.c).  Not meant to be typed by hand, but it can be:
 *
 *   gikreport pdf-glyphs [--seconds N] [--megabytes N] [--pages N]
 *                        [--glyphs N] [FILE|-]  > glyph-stream
 *
 * Before it reads a byte it limits itself: CPU seconds (SIGXCPU, then
 * SIGKILL a second later), address space, no file written (RLIMIT_FSIZE
 * 0), no core dump.  Its stdout is the glyph stream (gik_pdf_glyphstream.c)
 * written one whole record at a time, so that if poppler aborts because an
 * allocation failed at the address-space limit, a final "memory" record
 * can still be added from the signal handler and read by the parent.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <apr_file_io.h>
#include <apr_strings.h>
#include "gik_pdfglyphs.h"
#include "gikreport_glyphs.h"

#define MAX_PDF_BYTES ((apr_size_t)1024 * 1024 * 1024)

static char memory_record[64];
static apr_size_t memory_record_len;

/* write(2) until done: async-signal-safe, and whole records only. */
static int write_all(const char *buf, apr_size_t len)
{
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, buf, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        buf += n;
        len -= (apr_size_t)n;
    }
    return 0;
}

/* An abort right after a failed allocation (glib's g_error, poppler's
 * gmalloc, C++'s bad_alloc all end in abort() with errno ENOMEM): say
 * "memory" before dying of it.  Any other abort is a crash the parent
 * sees as the signal. */
static void on_abort(int sig)
{
    if (errno == ENOMEM) {
        write_all(memory_record, memory_record_len);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void limit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit rl;
    rl.rlim_cur = soft;
    rl.rlim_max = hard;
    setrlimit(resource, &rl);
}

static void limit_self(int seconds, int megabytes)
{
    struct sigaction sa;

    limit(RLIMIT_CORE, 0, 0);
    limit(RLIMIT_FSIZE, 0, 0);
    limit(RLIMIT_CPU, (rlim_t)seconds, (rlim_t)seconds + 1);
#ifndef GIK_UNDER_ASAN
    /* AddressSanitizer reserves terabytes of shadow address space */
    limit(RLIMIT_AS, (rlim_t)megabytes * 1024 * 1024, (rlim_t)megabytes * 1024 * 1024);
#endif
    memory_record_len = gik_pdf_glyphs_memory_record(memory_record, sizeof(memory_record));
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_abort;
    sigaction(SIGABRT, &sa, NULL);
    /* poppler's own "Out of memory" and the like go nowhere: stderr may be
     * closed, and fd 2 must not become the next file opened */
    if (fcntl(STDERR_FILENO, F_GETFD) < 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0 && fd != STDERR_FILENO) {
            close(fd);
        }
    }
}

static int write_stdout(void *baton, const char *buf, apr_size_t len)
{
    return write_all(buf, len);
}

/* The whole input (malloc'd), or NULL with *err. */
static char *slurp(apr_pool_t *p, const char *name, apr_size_t *len, const char **err)
{
    apr_file_t *f;
    apr_status_t rv;
    apr_size_t cap = 1024 * 1024;
    char *buf = malloc(cap), msg[128];

    *len = 0;
    rv = strcmp(name, "-") ? apr_file_open(&f, name, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, p)
                           : apr_file_open_stdin(&f, p);
    while (rv == APR_SUCCESS && buf) {
        apr_size_t n = cap - *len;
        if (n == 0) {
            char *grown = cap < MAX_PDF_BYTES ? realloc(buf, cap * 2) : NULL;
            if (!grown) {
                *err = "input too large";
                free(buf);
                return NULL;
            }
            buf = grown;
            cap *= 2;
            continue;
        }
        rv = apr_file_read(f, buf + *len, &n);
        *len += n;
    }
    if (!buf || !APR_STATUS_IS_EOF(rv)) {
        *err = buf ? apr_pstrdup(p, apr_strerror(rv, msg, sizeof(msg))) : "out of memory";
        free(buf);
        return NULL;
    }
    return buf;
}

static int number(const char *arg, long lo, long hi, long *out)
{
    char *end;
    long v = arg ? strtol(arg, &end, 10) : 0;
    if (!arg || !*arg || *end || v < lo || v > hi) {
        return 0;
    }
    *out = v;
    return 1;
}

int gik_tool_pdf_glyphs(apr_pool_t *p, int argc, const char *const *argv)
{
    long seconds = GIK_PDF_CHILD_SECONDS, megabytes = GIK_PDF_CHILD_MEGABYTES;
    long pages = 100, glyphs = 400000;       /* the parent always says */
    const char *name = "-", *err = NULL;
    char *pdf;
    apr_size_t len = 0;
    int i, rc;

    for (i = 0; i < argc; i++) {
        const char *a = argv[i], *v = argv[i + 1];
        int ok = 1;
        if (!strcmp(a, "--seconds")) {
            ok = number(v, 1, 3600, &seconds), i++;
        }
        else if (!strcmp(a, "--megabytes")) {
            ok = number(v, 16, 1024 * 1024, &megabytes), i++;
        }
        else if (!strcmp(a, "--pages")) {
            ok = number(v, 1, 100000, &pages), i++;
        }
        else if (!strcmp(a, "--glyphs")) {
            ok = number(v, 1, 100000000, &glyphs), i++;
        }
        else if (i == argc - 1) {
            name = a;
        }
        else {
            ok = 0;
        }
        if (!ok) {
            fprintf(stderr, "gikreport pdf-glyphs: bad argument %s\n", a);
            return 3;
        }
    }
    limit_self((int)seconds, (int)megabytes);
    if (!(pdf = slurp(p, name, &len, &err))) {
        fprintf(stderr, "gikreport pdf-glyphs: %s: %s\n", name, err);
        return 3;
    }
    rc = gik_pdf_glyphs_run(p, pdf, len, (int)pages, (apr_size_t)glyphs, write_stdout, NULL);
    free(pdf);
    return rc ? 3 : 0;
}

const char *gik_tool_self_path(apr_pool_t *p, const char *argv0)
{
    char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

    if (n > 0) {
        return apr_pstrmemdup(p, path, (apr_size_t)n);
    }
    return argv0;
}
