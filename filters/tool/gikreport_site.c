/*
 * gikreport_site.c - `gikreport check` over a whole site: how an operator
 * checks a mirror of every site of a county, or a CMS a whole export
 * before publishing.
 *
 * The jobs are threads of this process (the parser keeps no global state;
 * httpd's worker MPM runs it in threads too).  Each input's output goes to
 * a memory stream and is written in input order, so `--jobs 4` prints the
 * same bytes as `--jobs 1`, only sooner.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_atomic.h>
#include <apr_file_info.h>
#include <apr_strings.h>
#include <apr_thread_proc.h>
#include <apr_thread_mutex.h>
#include <apr_thread_cond.h>
#include <libxml/parser.h>
#include <jansson.h>

#include "gik_emit.h"
#include "gikreport_site.h"

/* jansson refuses a string that is not UTF-8 (a file name may be any
 * bytes): U+FFFD then, never a missing key. */
static json_t *jstr(const char *s)
{
    json_t *v = s ? json_string(s) : json_null();
    return v ? v : json_string("\xEF\xBF\xBD");
}

static int is_suffix(const char *name, const char *suffix)
{
    apr_size_t n = strlen(name), m = strlen(suffix);
    return n > m && !strcasecmp(name + n - m, suffix);
}

/* Pages, texts and PDFs by their type, as httpd's mime.types would serve
 * them. */
static int input_by_type(const char *name)
{
    static const char *const pages[] = { ".html", ".htm", ".shtml", ".xhtml", NULL };
    int i;

    if (strstr(name, ".gik.")) {
        return -1;              /* a companion written beside its page */
    }
    for (i = 0; pages[i]; i++) {
        if (is_suffix(name, pages[i])) {
            return GIK_INPUT_HTML;
        }
    }
    return is_suffix(name, ".txt") ? GIK_INPUT_TEXT
           : is_suffix(name, ".pdf") ? GIK_INPUT_PDF : -1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const gik_input *)a)->name, ((const gik_input *)b)->name);
}

/* The folders from the top down to the one being read: a symbolic link
 * back to one of them is a loop. */
typedef struct walk_up {
    const struct walk_up *up;
    apr_dev_t dev;
    apr_ino_t ino;
} walk_up;

/* A folder under the top that cannot be read gets a row of its own (an
 * unreadable input, exit 3) and the walk goes on: one folder the checker
 * may not read must not hide the rest of a county's sites. */
static void unreadable(apr_pool_t *p, apr_array_header_t *out, const char *path,
                       const char *why)
{
    gik_input *in = apr_array_push(out);
    in->name = path;
    in->input = GIK_INPUT_HTML;
    in->error = why;
}

static const char *walk(apr_pool_t *p, const char *dir, apr_array_header_t *out, int depth,
                        const walk_up *up)
{
    apr_dir_t *d;
    apr_finfo_t fi, self;
    apr_status_t rv;
    char msg[256];
    walk_up here;
    const walk_up *a;

    if ((rv = apr_stat(&self, dir, APR_FINFO_DEV | APR_FINFO_INODE, p)) == APR_SUCCESS
        || APR_STATUS_IS_INCOMPLETE(rv)) {
        for (a = up; a; a = a->up) {
            if (a->dev == self.device && a->ino == self.inode) {
                unreadable(p, out, dir, "a symbolic link loop (not followed)");
                return NULL;
            }
        }
    }
    if (depth > 64) {
        unreadable(p, out, dir, "folders too deep (not read)");
        return NULL;
    }
    if ((rv = apr_dir_open(&d, dir, p)) != APR_SUCCESS) {
        if (!depth) {
            return apr_pstrcat(p, dir, ": ", apr_strerror(rv, msg, sizeof(msg)), NULL);
        }
        unreadable(p, out, dir, apr_pstrdup(p, apr_strerror(rv, msg, sizeof(msg))));
        return NULL;
    }
    here.up = up;
    here.dev = self.device;
    here.ino = self.inode;
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d) == APR_SUCCESS) {
        const char *path;
        apr_finfo_t st;
        int kind;

        if (fi.name[0] == '.') {
            continue;           /* ".", "..", .git, .htaccess */
        }
        path = apr_pstrcat(p, dir, dir[strlen(dir) - 1] == '/' ? "" : "/", fi.name, NULL);
        if (fi.filetype == APR_LNK || fi.filetype == APR_UNKFILE) {
            if (apr_stat(&st, path, APR_FINFO_TYPE, p) != APR_SUCCESS) {
                continue;
            }
            fi.filetype = st.filetype;
        }
        if (fi.filetype == APR_DIR) {
            walk(p, path, out, depth + 1, &here);
        }
        else if (fi.filetype == APR_REG && (kind = input_by_type(fi.name)) >= 0) {
            gik_input *in = apr_array_push(out);
            in->name = path;
            in->input = kind;
            in->error = NULL;
        }
    }
    apr_dir_close(d);
    return NULL;
}

const char *gik_site_collect(apr_pool_t *p, const char *dir, apr_array_header_t *inputs)
{
    int first = inputs->nelts;
    const char *err = walk(p, dir, inputs, 0, NULL);

    qsort(inputs->elts + (apr_size_t)first * inputs->elt_size, inputs->nelts - first,
          inputs->elt_size, by_name);
    return err;
}

/* ---- jobs ------------------------------------------------------------- */

typedef struct job_out {
    char *buf;
    size_t len;
    int code;
    int done;
} job_out;

typedef struct job_run {
    gik_site_check_fn check;
    void *baton;
    int n;
    volatile apr_uint32_t next;
    job_out *outs;
    apr_thread_mutex_t *lock;
    apr_thread_cond_t *ready;
} job_run;

/* One input into its memory stream, in a pool of its own: memory stays
 * flat over thousands of files. */
static void run_one(job_run *run, apr_pool_t *parent, int i)
{
    job_out *o = &run->outs[i];
    FILE *out = open_memstream(&o->buf, &o->len);
    apr_pool_t *fp;

    apr_pool_create(&fp, parent);
    o->code = out ? run->check(run->baton, fp, i, out) : 3;
    if (out) {
        fclose(out);
    }
    apr_pool_destroy(fp);
}

static void *APR_THREAD_FUNC worker(apr_thread_t *t, void *data)
{
    job_run *run = data;
    apr_pool_t *tp;
    int i;

    /* an unmanaged pool: the threads' pools are never shared */
    apr_pool_create_unmanaged(&tp);
    while ((i = (int)apr_atomic_inc32(&run->next)) < run->n) {
        run_one(run, tp, i);
        apr_thread_mutex_lock(run->lock);
        run->outs[i].done = 1;
        apr_thread_cond_broadcast(run->ready);
        apr_thread_mutex_unlock(run->lock);
    }
    apr_pool_destroy(tp);
    apr_thread_exit(t, APR_SUCCESS);
    return NULL;
}

static void flush_out(job_out *o)
{
    if (o->buf) {
        fwrite(o->buf, 1, o->len, stdout);
        fflush(stdout);
        free(o->buf);
        o->buf = NULL;
    }
}

int *gik_site_run(apr_pool_t *p, int n, int jobs, gik_site_check_fn check, void *baton)
{
    job_run run = { check, baton, n, 0, NULL, NULL, NULL };
    apr_thread_t **threads;
    int *codes = apr_pcalloc(p, sizeof(int) * (n + 1));
    int i, started = 0;

    run.outs = apr_pcalloc(p, sizeof(job_out) * (n + 1));
    if (jobs > n) {
        jobs = n;
    }
    threads = apr_pcalloc(p, sizeof(*threads) * (jobs + 1));
    /* libxml2 initialises itself lazily, which is not thread-safe */
    xmlInitParser();
    if (jobs > 1 && apr_thread_mutex_create(&run.lock, APR_THREAD_MUTEX_DEFAULT, p) == APR_SUCCESS
        && apr_thread_cond_create(&run.ready, p) == APR_SUCCESS) {
        for (; started < jobs; started++) {
            if (apr_thread_create(&threads[started], NULL, worker, &run, p) != APR_SUCCESS) {
                break;
            }
        }
    }
    if (started == 0) {         /* one job, or no threads: here, in order */
        for (i = 0; i < n; i++) {
            run_one(&run, p, i);
            flush_out(&run.outs[i]);
            codes[i] = run.outs[i].code;
        }
        return codes;
    }
    for (i = 0; i < n; i++) {
        apr_thread_mutex_lock(run.lock);
        while (!run.outs[i].done) {
            apr_thread_cond_wait(run.ready, run.lock);
        }
        apr_thread_mutex_unlock(run.lock);
        flush_out(&run.outs[i]);
        codes[i] = run.outs[i].code;
    }
    for (i = 0; i < started; i++) {
        apr_status_t ignored;
        apr_thread_join(&ignored, threads[i]);
    }
    return codes;
}

/* ---- the summary -------------------------------------------------------- */

#define SUMMARY_COLUMNS "file,type,report,status,organization,year,format," \
                        "errors,warnings,infos,partial,error_rules,exit,error"

const char *gik_site_summary_header(void)
{
    return SUMMARY_COLUMNS "\r\n";
}

const char *gik_site_summary_line(apr_pool_t *p, gik_summary_kind kind, const gik_input *in,
                                  const gik_report *rep, const char *err, int exit_code)
{
    static const char *const types[] = { "sniff", "html", "text", "pdf" };
    gik_summary sum = { NULL, 0, 0, 0 };
    const char *status = "unreadable", *rules = rep ? gik_report_error_rules(p, rep) : "";
    int report = rep && rep->is_report;
    json_t *o;
    char *text;
    const char *line;

    if (report) {
        gik_report_summary(rep, &sum);
        status = sum.status;
    }
    else if (rep && !rep->unreadable) {
        status = "not_report";     /* an unreadable PDF is not known to be none */
    }
    if (rep && rep->unreadable && !err) {
        err = apr_pstrcat(p, "unreadable: ", rep->unreadable, NULL);
    }
    if (kind == GIK_SUMMARY_CSV) {
        return apr_psprintf(p, "%s,%s,%s,%s,%s,%s,%s,%d,%d,%d,%s,%s,%d,%s\r\n",
                            gik_csv_field(p, in->name), in->error ? "folder" : types[in->input],
                            report ? "true" : "false", status,
                            gik_csv_field(p, report && rep->organization ? rep->organization : ""),
                            report && rep->year ? apr_itoa(p, rep->year) : "",
                            report && rep->format ? rep->format->name : "",
                            sum.errors, sum.warnings, sum.infos,
                            rep && rep->partial ? "true" : "false",
                            gik_csv_field(p, rules), exit_code,
                            gik_csv_field(p, err ? err : ""));
    }
    o = json_object();
    json_object_set_new(o, "file", jstr(in->name));
    json_object_set_new(o, "type", json_string(in->error ? "folder" : types[in->input]));
    json_object_set_new(o, "report", json_boolean(report));
    json_object_set_new(o, "status", json_string(status));
    json_object_set_new(o, "organization", jstr(report ? rep->organization : NULL));
    json_object_set_new(o, "year", report && rep->year ? json_integer(rep->year) : json_null());
    json_object_set_new(o, "format", report && rep->format
                        ? json_string(rep->format->name) : json_null());
    json_object_set_new(o, "errors", json_integer(sum.errors));
    json_object_set_new(o, "warnings", json_integer(sum.warnings));
    json_object_set_new(o, "infos", json_integer(sum.infos));
    json_object_set_new(o, "partial", json_boolean(rep && rep->partial));
    json_object_set_new(o, "error_rules", json_string(rules));
    json_object_set_new(o, "exit", json_integer(exit_code));
    json_object_set_new(o, "error", jstr(err));
    text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    line = apr_pstrcat(p, text ? text : "{}", "\n", NULL);
    free(text);
    return line;
}
