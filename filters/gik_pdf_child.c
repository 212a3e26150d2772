/*
 * gik_pdf_child.c - poppler in a child process, our layout in this one.
 *
 * poppler is a large C++ library with a long CVE history, and a PDF is
 * hostile input: one ToUnicode CMap can keep it allocating for seconds
 * inside a single call, which no check between pages can interrupt.  So
 * the PDF goes to "gikreport pdf-glyphs" (filters/tool/gikreport_glyphs.c),
 * which sets its own CPU, address-space and file-size limits before it
 * opens the file, and writes back only glyphs (gik_pdf_glyphstream.c).
 * Here, the parent:
 *   - pipes the PDF in and the glyph stream out with apr_poll, both at
 *     once (a child that answers early never deadlocks us);
 *   - enforces the wall-clock deadline itself: at it, SIGKILL and reap --
 *     and asks how much CPU the child had: one that got little of it was
 *     starved by a loaded machine, not stopped by its PDF, and that says
 *     nothing about the file (not cached: GIK_PDF_BUSY);
 *   - always reaps the child (no zombie) and closes both pipes (no fd left);
 *   - keeps SIGPIPE off the calling thread while it writes (a child that
 *     died must not kill an httpd worker or the tool);
 *   - reads the stream as hostile input, capped at what the limits allow.
 * What the child could not do becomes a status: time, memory, a crash.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <apr_atomic.h>
#include <apr_poll.h>
#include <apr_strings.h>
#include <apr_thread_proc.h>
#include "gik_pdf.h"

#define READ_CHUNK (16 * 1024)

/* A child killed at its wall-clock deadline that had less than this share
 * of the time on a CPU was waiting for one, not working on its PDF. */
#define STARVED_CPU_SHARE 0.25

/* PDF children of this process running now (httpd: of all its threads):
 * each may take helper->megabytes and seconds of CPU, so requests for many
 * uncached PDFs at once must not start one child each. */
static volatile apr_uint32_t running;

typedef struct child_run {
    apr_pool_t *pool;
    apr_proc_t proc;
    apr_time_t started, deadline;
    apr_interval_time_t cpu;       /* the child's CPU time, when it was killed */
    apr_array_header_t *stream;    /* what the child wrote (char) */
    apr_size_t cap;                /* the most a well-behaved child can write */
    int in_open, out_open;
    int timed_out, too_long, epipe;
    const char *io_error;
} child_run;

static apr_status_t spawn(child_run *c, const gik_pdf_helper *h, const gik_pdf_limits *lim)
{
    apr_procattr_t *attr;
    apr_status_t rv;
    const char *argv[12];
    int i = 0;

    argv[i++] = h->path;
    argv[i++] = "pdf-glyphs";
    argv[i++] = "--seconds";
    argv[i++] = apr_itoa(c->pool, h->seconds);
    argv[i++] = "--megabytes";
    argv[i++] = apr_itoa(c->pool, h->megabytes);
    argv[i++] = "--pages";
    argv[i++] = apr_itoa(c->pool, lim->max_pages);
    argv[i++] = "--glyphs";
    argv[i++] = apr_psprintf(c->pool, "%" APR_SIZE_T_FMT, lim->max_glyphs);
    argv[i++] = "-";
    argv[i] = NULL;
    /* APR_PROGRAM: exactly that file, no PATH search, and an empty
     * environment; the child's stderr is closed (poppler's messages come
     * back in the stream).  error_check: a missing helper is an error here,
     * not an exit code of a forked child. */
    if ((rv = apr_procattr_create(&attr, c->pool)) != APR_SUCCESS
        || (rv = apr_procattr_io_set(attr, APR_CHILD_BLOCK, APR_CHILD_BLOCK, APR_NO_FILE))
           != APR_SUCCESS
        || (rv = apr_procattr_cmdtype_set(attr, APR_PROGRAM)) != APR_SUCCESS
        || (rv = apr_procattr_error_check_set(attr, 1)) != APR_SUCCESS) {
        return rv;
    }
    if ((rv = apr_proc_create(&c->proc, h->path, argv, NULL, attr, c->pool)) != APR_SUCCESS) {
        return rv;
    }
    c->in_open = c->out_open = 1;
    apr_file_pipe_timeout_set(c->proc.in, 0);      /* non-blocking: apr_poll says when */
    apr_file_pipe_timeout_set(c->proc.out, 0);
    return APR_SUCCESS;
}

static void close_in(child_run *c)
{
    if (c->in_open) {
        apr_file_close(c->proc.in);
        c->in_open = 0;
    }
}

static void close_out(child_run *c)
{
    if (c->out_open) {
        apr_file_close(c->proc.out);
        c->out_open = 0;
    }
}

/* Writes what the pipe takes now; closes it at the end or on an error
 * (EPIPE: the child exited without reading everything). */
static void write_some(child_run *c, const char *buf, apr_size_t len, apr_size_t *off)
{
    apr_size_t n = len - *off;
    apr_status_t rv = n ? apr_file_write(c->proc.in, buf + *off, &n) : APR_SUCCESS;

    *off += n;
    if (*off == len || (rv != APR_SUCCESS && !APR_STATUS_IS_EAGAIN(rv))) {
        c->epipe = rv == APR_FROM_OS_ERROR(EPIPE) || APR_STATUS_IS_EPIPE(rv);
        close_in(c);
    }
}

/* Reads what the pipe holds now; closes it at EOF. */
static void read_some(child_run *c)
{
    char chunk[READ_CHUNK];

    for (;;) {
        apr_size_t n = sizeof(chunk);
        apr_status_t rv = apr_file_read(c->proc.out, chunk, &n);
        if (n > 0) {
            if ((apr_size_t)c->stream->nelts + n > c->cap) {
                c->too_long = 1;
                close_out(c);
                return;
            }
            gik_pdf_gs_bytes(c->stream, chunk, n);
        }
        if (rv == APR_SUCCESS && n > 0) {
            continue;
        }
        if (APR_STATUS_IS_EOF(rv) || (rv != APR_SUCCESS && !APR_STATUS_IS_EAGAIN(rv))) {
            close_out(c);
        }
        return;
    }
}

/* Feeds buf to the child and collects its stream until it closes its end
 * or the deadline passes. */
static void pump(child_run *c, const char *buf, apr_size_t len)
{
    apr_size_t off = 0;

    if (len == 0) {
        close_in(c);
    }
    while (c->out_open && !c->too_long) {
        apr_pollfd_t pfd[2];
        apr_int32_t nfd = 0, ready = 0, i;
        apr_interval_time_t left = c->deadline - apr_time_now();
        apr_status_t rv;

        if (left <= 0) {
            c->timed_out = 1;
            return;
        }
        memset(pfd, 0, sizeof(pfd));
        if (c->in_open) {
            pfd[nfd].p = c->pool;
            pfd[nfd].desc_type = APR_POLL_FILE;
            pfd[nfd].reqevents = APR_POLLOUT;
            pfd[nfd++].desc.f = c->proc.in;
        }
        pfd[nfd].p = c->pool;
        pfd[nfd].desc_type = APR_POLL_FILE;
        pfd[nfd].reqevents = APR_POLLIN;
        pfd[nfd++].desc.f = c->proc.out;
        rv = apr_poll(pfd, nfd, &ready, left);
        if (APR_STATUS_IS_TIMEUP(rv)) {
            c->timed_out = 1;
            return;
        }
        if (rv != APR_SUCCESS && !APR_STATUS_IS_EINTR(rv)) {
            c->io_error = "poll failed";
            return;
        }
        for (i = 0; i < nfd; i++) {
            if (!pfd[i].rtnevents) {
                continue;
            }
            if (pfd[i].desc.f == c->proc.out) {
                read_some(c);
            }
            else if (c->in_open) {
                write_some(c, buf, len, &off);
            }
        }
    }
}

/* Reaps a child we killed, with its CPU time (wait4: apr_proc_wait does
 * not return the resource usage). */
static void reap_killed(child_run *c, int *code, apr_exit_why_e *why)
{
    struct rusage ru;
    int st = 0;
    pid_t got;

    do {
        got = wait4(c->proc.pid, &st, 0, &ru);
    } while (got < 0 && errno == EINTR);
    if (got != c->proc.pid) {
        *why = 0;                   /* cannot be waited for: say it failed */
        return;
    }
    c->cpu = apr_time_from_sec(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
             + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
    if (WIFSIGNALED(st)) {
        *why = APR_PROC_SIGNAL;
        *code = WTERMSIG(st);
    }
    else {
        *why = APR_PROC_EXIT;
        *code = WEXITSTATUS(st);
    }
}

/* Waits for the child's exit until the deadline, then kills it: it is
 * reaped on every path. */
static void reap(child_run *c, int *code, apr_exit_why_e *why)
{
    for (;;) {
        apr_status_t rv = apr_proc_wait(&c->proc, code, why, APR_NOWAIT);
        if (rv == APR_CHILD_DONE) {
            return;
        }
        if (rv != APR_CHILD_NOTDONE) {
            *why = 0;               /* cannot be waited for: say it failed */
            return;
        }
        if (c->timed_out || apr_time_now() >= c->deadline) {
            c->timed_out = 1;
            apr_proc_kill(&c->proc, SIGKILL);
            reap_killed(c, code, why);
            return;
        }
        apr_sleep(apr_time_from_msec(2));
    }
}

/* Runs the exchange with SIGPIPE blocked in this thread; a SIGPIPE our own
 * write raised is taken back before it is unblocked. */
static void exchange(child_run *c, const char *buf, apr_size_t len, int *code,
                     apr_exit_why_e *why)
{
    sigset_t pipe_set, old, pending;
    int was_pending;

    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    sigpending(&pending);
    was_pending = sigismember(&pending, SIGPIPE);
    pump(c, buf, len);
    close_in(c);
    close_out(c);                   /* a child still writing gets EPIPE and ends */
    reap(c, code, why);
    if (c->epipe && !was_pending) {
        struct timespec zero = { 0, 0 };
        sigtimedwait(&pipe_set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void failed(apr_pool_t *p, gik_pdf_result *res, gik_pdf_status status, const char *detail)
{
    memset(res, 0, sizeof(*res));
    res->status = status;
    res->detail = apr_pstrdup(p, detail);
}

void gik_pdf_read_child(apr_pool_t *p, const char *buf, apr_size_t len,
                        const gik_pdf_helper *helper, const gik_pdf_limits *lim,
                        gik_token_fn fn, void *baton, gik_pdf_result *res)
{
    gik_pdf_helper h = *helper;
    child_run c;
    gik_pdf_layout *layout;
    apr_status_t rv;
    int code = 0;
    apr_exit_why_e why = 0;
    const char *broken;
    char msg[128];

    if (!lim) {
        lim = gik_pdf_default_limits();
    }
    if (h.seconds <= 0) {
        h.seconds = GIK_PDF_CHILD_SECONDS;
    }
    if (h.megabytes <= 0) {
        h.megabytes = GIK_PDF_CHILD_MEGABYTES;
    }
    memset(&c, 0, sizeof(c));
    c.pool = p;
    c.started = apr_time_now();
    c.deadline = c.started + apr_time_from_sec(h.seconds);
    c.stream = apr_array_make(p, 64 * 1024, 1);
    c.cap = gik_pdf_gs_max_len(lim);
    if (h.max_running > 0 && apr_atomic_inc32(&running) >= (apr_uint32_t)h.max_running) {
        apr_atomic_dec32(&running);
        failed(p, res, GIK_PDF_BUSY,
               apr_psprintf(p, "%d PDFs were being read already", h.max_running));
        return;
    }
    rv = spawn(&c, &h, lim);
    if (rv == APR_SUCCESS) {
        exchange(&c, buf, len, &code, &why);
    }
    if (h.max_running > 0) {
        apr_atomic_dec32(&running);
    }
    if (rv != APR_SUCCESS) {
        failed(p, res, GIK_PDF_FAILED,
               apr_psprintf(p, "the PDF reader %s could not be started: %s", h.path,
                            apr_strerror(rv, msg, sizeof(msg))));
        return;
    }

    if (c.timed_out && why && (double)c.cpu < STARVED_CPU_SHARE * (double)(c.deadline - c.started)) {
        failed(p, res, GIK_PDF_BUSY,
               apr_psprintf(p, "the machine was too busy: in %d s the PDF reader had %.1f s "
                            "of CPU", h.seconds, (double)c.cpu / APR_USEC_PER_SEC));
        return;
    }
    if (c.timed_out || ((why & APR_PROC_SIGNAL) && (code == SIGXCPU || code == SIGKILL))) {
        failed(p, res, GIK_PDF_LIMIT_TIME, apr_psprintf(p, "took longer than %d s", h.seconds));
        return;
    }
    if (c.too_long || c.io_error) {
        failed(p, res, GIK_PDF_FAILED, c.io_error ? c.io_error : "the glyph stream was too long");
        return;
    }
    layout = gik_pdf_layout_create(p);
    broken = gik_pdf_gs_decode(p, c.stream->elts, (apr_size_t)c.stream->nelts, lim,
                               gik_pdf_to_layout, layout, res);
    if (!broken && res->status == GIK_PDF_LIMIT_MEMORY) {
        failed(p, res, GIK_PDF_LIMIT_MEMORY,
               apr_psprintf(p, "needed more than %d MB", h.megabytes));
        return;
    }
    if (broken || why != APR_PROC_EXIT || code != 0) {
        failed(p, res, GIK_PDF_FAILED,
               (why & APR_PROC_SIGNAL)
                   ? apr_psprintf(p, "the PDF reader stopped on signal %d", code)
               : why == APR_PROC_EXIT && code != 0
                   ? apr_psprintf(p, "the PDF reader exited with status %d", code)
                   : apr_psprintf(p, "the PDF reader's output was broken: %s",
                                  broken ? broken : "it could not be waited for"));
        return;
    }
    if (res->status == GIK_PDF_OK) {
        gik_pdf_layout_emit(layout, fn, baton);
    }
}
