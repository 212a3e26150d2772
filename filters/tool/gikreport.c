/*
 * gikreport.c - the command-line checker (README.md "The command-line
 * tool"), for a CMS or CI to run before publishing.  It runs the same pipeline as the httpd filter,
 * fed in the same streaming way, and prints the same companion document.
 *
 * Exit codes: 0 report with no errors, 1 report with errors, 2 not a
 * report, 3 unreadable input or usage error.  With several inputs the
 * worst wins, in the order 3 > 1 > 2 > 0.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_file_io.h>
#include <apr_escape.h>
#include <apr_strings.h>
#include "gik_emit.h"
#include "gik_init.h"
#include "gik_parser.h"
#include "gik_rules.h"
#include "gik_view.h"
#include "gikreport_glyphs.h"
#include "gikreport_site.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

#define EXIT_PASS       0
#define EXIT_ERRORS     1
#define EXIT_NOT_REPORT 2
#define EXIT_UNREADABLE 3

#define CHUNK (64 * 1024)
/* A badge template is a few lines of HTML; refuse to slurp anything huge. */
#define MAX_TEMPLATE (1024 * 1024)

static const char usage_text[] =
    "Usage: gikreport check [OPTION]... FILE|-|-r DIR ...\n"
    "       gikreport rules\n"
    "       gikreport pdf-glyphs [--seconds N] [--megabytes N] [FILE|-]  (internal:\n"
    "                          the PDF child; writes a binary glyph stream)\n"
    "       gikreport --version | --help\n"
    "\n"
    "Checks government information disclosure annual reports (HTML, text or PDF).\n"
    "\n"
    "Output (default: one summary line per file, then its findings):\n"
    "  --json                  the companion document (pretty-printed), one per input\n"
    "  --compact               with --json: one line per document\n"
    "  --csv                   the three tables as CSV (several files: one header and\n"
    "                          a leading file column)\n"
    "  --view                  the findings view (PAGE.gik.html), one per input\n"
    "  --badge                 the badge HTML that would be injected into the page\n"
    "  --href URL              with --badge: link the badge to URL\n"
    "  --badge-template FILE   with --badge: use FILE instead of the built-in badge\n"
    "  --lang zh|en            language of the text output (default: zh when the\n"
    "                          locale (LC_ALL, LC_MESSAGES, LANG) is Chinese, else en)\n"
    "  --summary csv|jsonl     one line per file (CSV with a header, or JSON Lines):\n"
    "                          file, type, status, organisation, year, counts, the\n"
    "                          rule ids of the errors, exit code\n"
    "\n"
    "A whole site:\n"
    "  -r, --recursive DIR     every page (.html .htm .shtml .xhtml, read as HTML),\n"
    "                          text (.txt, read as text) and PDF (.pdf) under DIR,\n"
    "                          by name;\n"
    "                          companions (*.gik.*) and hidden entries are skipped\n"
    "  --jobs N                check N files at a time (output stays in order)\n"
    "\n"
    "Reading:\n"
    "  --format 2019|2021|auto force the report format (default auto)\n"
    "  --html | --text | --pdf treat the input as HTML, text or PDF (default: sniff;\n"
    "                          a file starting with %PDF- is a PDF)\n"
    "  --charset LABEL         the input's charset, as an HTTP header would say it\n"
    "  --default-charset LABEL charset when nothing declares one (default UTF-8)\n"
    "  --served                judge the charset as a browser would get the file\n"
    "                          served: with --charset (or none) in its Content-Type\n"
    "  --max-bytes N           stop reading after N bytes (the result is partial)\n"
    "  --pdf-limits S,MB       a PDF is opened in a child process (gikreport\n"
    "                          pdf-glyphs) limited to S seconds and MB megabytes\n"
    "                          (default 10,512); past them it is unreadable\n"
    "\n"
    "Rules:\n"
    "  --rule ID=off|info|warning|error   change a rule's severity (repeatable)\n"
    "  --previous FILE         last year's report of the same body (PREV-YEAR)\n"
    "\n"
    "Exit status: 0 report without errors, 1 report with errors, 2 not a report,\n"
    "3 unreadable input (also a PDF without text, with a password, damaged) or usage\n"
    "error.  With several files: 3 if any was\n"
    "unreadable, else 1 if any has errors, else 2 if any is not a report, else 0.\n";

typedef enum { OUT_TEXT = 0, OUT_JSON, OUT_CSV, OUT_BADGE, OUT_VIEW } out_kind;

typedef struct cli {
    gik_options opts;
    gik_rule_config *rules;
    out_kind out;
    int compact;
    const char *href;
    const char *badge_tmpl;       /* contents, not the file name */
    const char *previous_file;
    apr_array_header_t *files;    /* gik_input */
    gik_summary_kind summary;     /* --summary */
    int jobs;                     /* --jobs */
    int zh;                       /* text output in Chinese */
} cli;

static int usage_error(const char *fmt, const char *arg)
{
    fputs("gikreport: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'gikreport --help'.\n", stderr);
    return EXIT_UNREADABLE;
}

/*
 * Reads name ("-": stdin) through the streaming parser in CHUNK pieces, as
 * httpd would feed it.  Returns the report, or NULL with *err set.
 */
static gik_report *read_report(apr_pool_t *p, const char *name, const gik_options *opts,
                               const char **err)
{
    apr_file_t *fd;
    apr_status_t rv;
    gik_parser *ps;
    gik_report *rep;
    char *buf;
    char msg[256];

    if (strcmp(name, "-") == 0) {
        rv = apr_file_open_stdin(&fd, p);
    }
    else {
        rv = apr_file_open(&fd, name, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, p);
    }
    if (rv != APR_SUCCESS) {
        *err = apr_pstrdup(p, apr_strerror(rv, msg, sizeof(msg)));
        return NULL;
    }
    buf = apr_palloc(p, CHUNK);
    ps = gik_parser_create(p, opts);
    for (;;) {
        apr_size_t n = CHUNK;
        rv = apr_file_read(fd, buf, &n);
        if (n > 0) {
            gik_parser_feed(ps, buf, n);
        }
        if (APR_STATUS_IS_EOF(rv)) {
            break;
        }
        if (rv != APR_SUCCESS) {     /* e.g. a directory: EISDIR */
            *err = apr_pstrdup(p, apr_strerror(rv, msg, sizeof(msg)));
            return NULL;
        }
    }
    rep = gik_parser_finish(ps);
    rep->uri = name;
    return rep;
}

static const char *plural(apr_pool_t *p, int n, const char *word)
{
    return apr_psprintf(p, "%d %s%s", n, word, n == 1 ? "" : "s");
}

/* The words of the text output; the findings' own messages exist in both
 * languages already (message, message_en). */
typedef struct text_lang {
    const char *not_report, *partial_word;
    const char *sev[4];                     /* by gik_severity */
} text_lang;

static const text_lang lang_en = {
    "not a report", "partial", { NULL, "info", "warning", "error" }
};
static const text_lang lang_zh = {
    "不是年度报告", "未读完", { NULL, "提示", "警告", "错误" }
};

/* Which limit stopped the reading (gik_report.partial_reason), in words. */
static const char *partial_reason(int zh, const char *reason)
{
    static const char *const words[][2] = {
        { "bytes", "超出读取字节上限" }, { "cells", "超出单元格上限" },
        { "time", "超出时间上限" }, { NULL, NULL }
    };
    int i;

    for (i = 0; reason && words[i][0]; i++) {
        if (!strcmp(reason, words[i][0])) {
            return zh ? words[i][1] : reason;
        }
    }
    return zh ? "达到读取限制" : reason ? reason : "limit";
}

/* "pass (0 errors, 2 warnings, 1 info)" or "有警告（错误 0 项，警告 2 项，提示 1 项）" */
static const char *summary_text(apr_pool_t *p, int zh, const gik_report *rep,
                                const gik_summary *sum)
{
    if (zh) {
        return apr_psprintf(p, "%s（错误 %d 项，警告 %d 项%s）", gik_report_verdict(rep)->zh,
                            sum->errors, sum->warnings,
                            sum->infos ? apr_psprintf(p, "，提示 %d 项", sum->infos) : "");
    }
    return apr_psprintf(p, "%s (%s, %s%s)", sum->status, plural(p, sum->errors, "error"),
                        plural(p, sum->warnings, "warning"),
                        sum->infos ? apr_pstrcat(p, ", ", plural(p, sum->infos, "info"), NULL)
                                   : "");
}

/* The PDF-UNREADABLE finding's English text: what could not be read, and why. */
static const char *unreadable_reason(const gik_report *rep)
{
    int i;

    for (i = 0; i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, const gik_finding *);
        if (!strcmp(f->rule, "PDF-UNREADABLE")) {
            return f->message_en;
        }
    }
    return rep->unreadable;
}

static void print_text(FILE *out, apr_pool_t *p, const cli *c, const char *name,
                       const gik_report *rep)
{
    const text_lang *L = c->zh ? &lang_zh : &lang_en;
    const char *colon = c->zh ? "：" : ": ";
    gik_summary sum;
    const char *about = "";
    int i;

    if (rep->unreadable) {
        fprintf(out, "%s: none (unreadable: %s)\n  %s\n", name, rep->unreadable,
                unreadable_reason(rep));
        return;
    }
    if (!rep->is_report) {
        fprintf(out, "%s%s%s%s\n", name, colon, L->not_report,
               rep->partial ? apr_psprintf(p, c->zh ? "（%s）" : " (%s)", L->partial_word) : "");
        return;
    }
    gik_report_summary(rep, &sum);
    if (rep->organization || rep->year) {
        about = apr_pstrcat(p, " \xE2\x80\x94 ", rep->organization ? rep->organization : "",
                            rep->organization && rep->year ? " " : "",
                            rep->year ? apr_itoa(p, rep->year) : "", NULL);
    }
    fprintf(out, "%s%s%s%s%s%s\n", name, colon, summary_text(p, c->zh, rep, &sum), about,
           apr_psprintf(p, c->zh ? "（%s年格式）" : " (format %s)",
                        rep->format ? rep->format->name : "?"),
           rep->partial ? apr_psprintf(p, c->zh ? "［%s：%s］" : " [%s: %s]", L->partial_word,
                                       partial_reason(c->zh, rep->partial_reason))
                        : "");
    for (i = 0; i < rep->findings->nelts; i++) {
        const gik_finding *f = APR_ARRAY_IDX(rep->findings, i, const gik_finding *);
        const char *where = "", *msg;
        if (f->severity == GIK_SEV_OFF || f->severity > GIK_SEV_ERROR) {
            continue;
        }
        if (f->table) {
            where = apr_psprintf(p, " %c%s%s%s%s", f->table, f->row ? "/" : "",
                                 f->row ? f->row : "", f->column ? "/" : "",
                                 f->column ? f->column : "");
        }
        msg = c->zh ? (f->message ? f->message : f->message_en)
                    : (f->message_en ? f->message_en : f->message);
        /* %-7s pads bytes, not columns: the Chinese words are two columns each */
        fprintf(out, c->zh ? "  %s %s%s：%s\n" : "  %-7s %s%s: %s\n", L->sev[f->severity], f->rule,
               where, msg ? msg : "");
    }
}

/* Chinese when the locale says so, as gettext would pick a catalogue:
 * LC_ALL, then LC_MESSAGES, then LANG. */
static int locale_is_chinese(void)
{
    static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG", NULL };
    int i;

    for (i = 0; vars[i]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) {
            return !strncmp(v, "zh", 2);
        }
    }
    return 0;
}

static void print_view(FILE *out, apr_pool_t *p, const char *name, const gik_report *rep)
{
    gik_view_links links = { NULL, NULL, NULL };
    json_t *doc = gik_report_to_json(rep);

    if (strcmp(name, "-")) {
        /* a view written beside its page (PAGE.gik.html) links back to it:
         * by its own name, as a relative URI ("a#1.html" -> "a%231.html",
         * "a:b.html" -> "./a:b.html", not a scheme) */
        const char *base = strrchr(name, '/');
        links.page = apr_pescape_path(p, base ? base + 1 : name, 0);
    }
    fputs(gik_view_html(p, doc, &links), out);
    json_decref(doc);
}

/* One header for all inputs (see csv_header); with several, a file column
 * says which. */
static void print_csv(FILE *out, apr_pool_t *p, cli *c, const char *name,
                      const gik_report *rep)
{
    fputs(gik_report_csv_rows(p, rep, c->files->nelts > 1 ? name : NULL), out);
}

/* The one header of --csv or --summary csv, before any job writes a row. */
static void csv_header(const cli *c)
{
    if (c->summary == GIK_SUMMARY_CSV) {
        fputs(gik_site_summary_header(), stdout);
    }
    else if (!c->summary && c->out == OUT_CSV) {
        fputs(gik_csv_header(c->files->nelts > 1), stdout);
    }
}

static void print_report(FILE *out, apr_pool_t *p, cli *c, const char *name,
                         const gik_report *rep)
{
    switch (c->out) {
    case OUT_JSON:
    {
        const char *doc = gik_report_json_text(p, rep, c->compact ? GIK_JSON_COMPACT
                                                                  : GIK_JSON_PRETTY);
        fputs(doc ? doc : "\n", out);
        break;
    }
    case OUT_CSV:
        print_csv(out, p, c, name, rep);
        break;
    case OUT_VIEW:
        print_view(out, p, name, rep);
        break;
    case OUT_BADGE: {
        /* Nothing for a non-report (exit 2 says it): a badge would vouch for it. */
        const char *badge = gik_report_badge(p, rep, c->href, c->badge_tmpl);
        if (badge) {
            fputs(badge, out);
            fputc('\n', out);
        }
        break;
    }
    default:
        print_text(out, p, c, name, rep);
        break;
    }
}

static int exit_code_for(const gik_report *rep)
{
    gik_summary sum;

    if (rep->unreadable) {
        return EXIT_UNREADABLE;
    }
    if (!rep->is_report) {
        return EXIT_NOT_REPORT;
    }
    gik_report_summary(rep, &sum);
    return sum.errors ? EXIT_ERRORS : EXIT_PASS;
}

/* 3 > 1 > 2 > 0: an unreadable file must never hide behind a pass. */
static int worse(int a, int b)
{
    static const int rank[] = { 0, 2, 1, 3 };
    return rank[b] > rank[a] ? b : a;
}

static const char *slurp(apr_pool_t *p, const char *name, const char **err)
{
    apr_file_t *fd;
    apr_finfo_t fi;
    apr_status_t rv;
    apr_size_t n;
    char *buf, msg[256];

    rv = apr_file_open(&fd, name, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, p);
    if (rv == APR_SUCCESS) {
        rv = apr_file_info_get(&fi, APR_FINFO_SIZE, fd);
    }
    if (rv == APR_SUCCESS && fi.size > MAX_TEMPLATE) {
        *err = "file too large for a badge template";
        return NULL;
    }
    if (rv == APR_SUCCESS) {
        n = (apr_size_t)fi.size;
        buf = apr_palloc(p, n + 1);
        rv = n ? apr_file_read_full(fd, buf, n, &n) : APR_SUCCESS;
        buf[n] = '\0';
    }
    if (rv != APR_SUCCESS) {
        *err = apr_pstrdup(p, apr_strerror(rv, msg, sizeof(msg)));
        return NULL;
    }
    return buf;
}

enum {
    OPT_JSON, OPT_CSV, OPT_BADGE, OPT_COMPACT, OPT_HTML, OPT_TEXT, OPT_PDF, OPT_FORMAT,
    OPT_RULE, OPT_PREVIOUS, OPT_CHARSET, OPT_DEFAULT_CHARSET, OPT_MAX_BYTES,
    OPT_HREF, OPT_BADGE_TEMPLATE, OPT_VIEW, OPT_LANG, OPT_SERVED, OPT_RECURSIVE, OPT_JOBS,
    OPT_SUMMARY, OPT_PDF_LIMITS
};

static const struct option_def {
    const char *name;
    int id;
    int has_arg;
} option_defs[] = {
    { "--json", OPT_JSON, 0 },            { "--csv", OPT_CSV, 0 },
    { "--badge", OPT_BADGE, 0 },          { "--compact", OPT_COMPACT, 0 },
    { "--html", OPT_HTML, 0 },            { "--text", OPT_TEXT, 0 },
    { "--pdf", OPT_PDF, 0 },
    { "--format", OPT_FORMAT, 1 },        { "--rule", OPT_RULE, 1 },
    { "--previous", OPT_PREVIOUS, 1 },    { "--charset", OPT_CHARSET, 1 },
    { "--default-charset", OPT_DEFAULT_CHARSET, 1 },
    { "--max-bytes", OPT_MAX_BYTES, 1 },  { "--href", OPT_HREF, 1 },
    { "--badge-template", OPT_BADGE_TEMPLATE, 1 },
    { "--view", OPT_VIEW, 0 },            { "--lang", OPT_LANG, 1 },
    { "--served", OPT_SERVED, 0 },
    { "-r", OPT_RECURSIVE, 1 },           { "--recursive", OPT_RECURSIVE, 1 },
    { "--jobs", OPT_JOBS, 1 },            { "--summary", OPT_SUMMARY, 1 },
    { "--pdf-limits", OPT_PDF_LIMITS, 1 },
    { NULL, 0, 0 }
};

static int set_output(cli *c, out_kind k, const char *opt)
{
    if (c->out != OUT_TEXT && c->out != k) {
        return usage_error("%s: only one of --json, --csv, --badge, --view", opt);
    }
    c->out = k;
    return 0;
}

static int apply_option(apr_pool_t *p, cli *c, int id, const char *opt, const char *arg)
{
    const char *err = NULL, *eq;
    char *end;

    switch (id) {
    case OPT_JSON:    return set_output(c, OUT_JSON, opt);
    case OPT_CSV:     return set_output(c, OUT_CSV, opt);
    case OPT_BADGE:   return set_output(c, OUT_BADGE, opt);
    case OPT_VIEW:    return set_output(c, OUT_VIEW, opt);
    case OPT_LANG:
        if (strcmp(arg, "zh") && strcmp(arg, "en")) {
            return usage_error("--lang %s: expected zh or en", arg);
        }
        c->zh = !strcmp(arg, "zh");
        return 0;
    case OPT_COMPACT: c->compact = 1; return 0;
    case OPT_HTML:    c->opts.input = GIK_INPUT_HTML; return 0;
    case OPT_TEXT:    c->opts.input = GIK_INPUT_TEXT; return 0;
    case OPT_PDF:     c->opts.input = GIK_INPUT_PDF; return 0;
    case OPT_SERVED:  c->opts.served = 1; return 0;
    case OPT_FORMAT:
        if (strcmp(arg, "2019") && strcmp(arg, "2021") && strcmp(arg, "auto")) {
            return usage_error("--format %s: expected 2019, 2021 or auto", arg);
        }
        c->opts.force_format = strcmp(arg, "auto") ? arg : NULL;
        return 0;
    case OPT_RULE:
        eq = strchr(arg, '=');
        if (!eq || eq == arg) {
            return usage_error("--rule %s: expected ID=off|info|warning|error", arg);
        }
        err = gik_rule_config_set(c->rules, p, apr_pstrndup(p, arg, eq - arg), eq + 1);
        if (err) {
            return usage_error("--rule %s", apr_pstrcat(p, arg, ": ", err, NULL));
        }
        return 0;
    case OPT_PREVIOUS:        c->previous_file = arg; return 0;
    case OPT_CHARSET:
    case OPT_DEFAULT_CHARSET:
        /* an unknown label would read the input as UTF-8 without a word */
        if (!gik_charset_canonical(arg)) {
            return usage_error("%s", apr_pstrcat(p, opt, " ", arg,
                                                 ": unknown charset label", NULL));
        }
        *(id == OPT_CHARSET ? &c->opts.header_charset : &c->opts.default_charset) = arg;
        return 0;
    case OPT_HREF:            c->href = arg; return 0;
    case OPT_MAX_BYTES:
        c->opts.max_bytes = apr_strtoi64(arg, &end, 10);
        if (!*arg || *end || c->opts.max_bytes < 0) {
            return usage_error("--max-bytes %s: expected a number of bytes", arg);
        }
        return 0;
    case OPT_RECURSIVE:
        if ((err = gik_site_collect(p, arg, c->files)) != NULL) {
            return usage_error("-r %s", err);
        }
        return 0;
    case OPT_JOBS:
        c->jobs = (int)apr_strtoi64(arg, &end, 10);
        if (!*arg || *end || c->jobs < 1 || c->jobs > 256) {
            return usage_error("--jobs %s: expected a number from 1 to 256", arg);
        }
        return 0;
    case OPT_SUMMARY:
        if (strcmp(arg, "csv") && strcmp(arg, "jsonl")) {
            return usage_error("--summary %s: expected csv or jsonl", arg);
        }
        c->summary = !strcmp(arg, "csv") ? GIK_SUMMARY_CSV : GIK_SUMMARY_JSONL;
        return 0;
    case OPT_PDF_LIMITS:
        /* SECONDS,MEGABYTES: as GikReportPdfLimits */
        c->opts.pdf_seconds = (int)apr_strtoi64(arg, &end, 10);
        c->opts.pdf_megabytes = *end == ',' ? (int)apr_strtoi64(end + 1, &end, 10) : 0;
        if (*end || c->opts.pdf_seconds < 1 || c->opts.pdf_seconds > 3600
            || c->opts.pdf_megabytes < 128 || c->opts.pdf_megabytes > 1024 * 1024) {
            return usage_error("--pdf-limits %s: expected SECONDS,MEGABYTES (1-3600, at "
                               "least 128)", arg);
        }
        return 0;
    case OPT_BADGE_TEMPLATE:
        if (!(c->badge_tmpl = slurp(p, arg, &err))) {
            return usage_error("%s", apr_pstrcat(p, arg, ": ", err, NULL));
        }
        return 0;
    }
    return 0;
}

/* Options and files may be mixed; "--" ends the options; "-" is stdin;
 * "--opt=value" and "--opt value" are both accepted. */
static int parse_check_args(apr_pool_t *p, cli *c, int argc, const char *const *argv)
{
    int i, only_files = 0;

    for (i = 0; i < argc; i++) {
        const char *a = argv[i], *arg = NULL;
        const struct option_def *d;
        apr_size_t n;
        int rc;

        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            gik_input *in = apr_array_push(c->files);
            in->name = a;
            in->input = GIK_INPUT_SNIFF;
            in->error = NULL;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_files = 1;
            continue;
        }
        n = strcspn(a, "=");
        for (d = option_defs; d->name; d++) {
            if (strlen(d->name) == n && strncmp(d->name, a, n) == 0) {
                break;
            }
        }
        if (!d->name) {
            return usage_error("unknown option %s", a);
        }
        if (d->has_arg) {
            if (a[n] == '=') {
                arg = a + n + 1;
            }
            else if (i + 1 < argc) {
                arg = argv[++i];
            }
            else {
                return usage_error("%s needs a value", d->name);
            }
        }
        else if (a[n] == '=') {
            return usage_error("%s takes no value", d->name);
        }
        if ((rc = apply_option(p, c, d->id, d->name, arg)) != 0) {
            return rc;
        }
    }
    if (c->files->nelts == 0) {
        return usage_error("%s", "check: no input files (use - for standard input)");
    }
    if (c->summary && c->out != OUT_TEXT) {
        return usage_error("%s", "--summary: not with --json, --csv, --badge or --view");
    }
    return 0;
}

/* One input (gik_site_run calls it, maybe on several threads at once: c
 * is only read).  Text output to out; the message of an unreadable input
 * to stderr at once. */
static int check_one(void *baton, apr_pool_t *p, int i, FILE *out)
{
    cli *c = baton;
    const gik_input *in = &APR_ARRAY_IDX(c->files, i, gik_input);
    gik_options opts = c->opts;
    const char *err = NULL;
    gik_report *rep;
    int code;

    if (in->input != GIK_INPUT_SNIFF) {
        opts.input = in->input;     /* -r: by type, as httpd serves them */
    }
    rep = in->error ? NULL : read_report(p, in->name, &opts, &err);
    if (in->error) {
        err = in->error;
    }
    code = rep ? exit_code_for(rep) : EXIT_UNREADABLE;
    if (!rep) {
        fprintf(stderr, "gikreport: %s: %s\n", in->name, err);
    }
    else if (rep->unreadable) {
        /* exit 3 comes with the file and the reason on stderr (SPEC 4),
         * whatever stdout carries */
        fprintf(stderr, "gikreport: %s: %s\n", in->name, unreadable_reason(rep));
    }
    if (c->summary) {
        fputs(gik_site_summary_line(p, c->summary, in, rep, err, code), out);
    }
    else if (rep) {
        print_report(out, p, c, in->name, rep);
    }
    return code;
}

static int cmd_check(apr_pool_t *p, int argc, const char *const *argv, const char *self_path)
{
    cli c;
    const char *err;
    int i, rc, *codes, status = EXIT_PASS;

    memset(&c, 0, sizeof(c));
    c.rules = gik_rule_config_make(p);
    c.files = apr_array_make(p, 8, sizeof(gik_input));
    c.zh = locale_is_chinese();
    if ((rc = parse_check_args(p, &c, argc, argv)) != 0) {
        return rc;
    }
    c.opts.rules = c.rules;
    /* poppler runs in a child of this very program ("pdf-glyphs") */
    c.opts.pdf_helper = self_path;
    if (c.previous_file) {
        /* Lives in p for the whole run: every input is compared with it. */
        c.opts.previous = read_report(p, c.previous_file, &c.opts, &err);
        if (!c.opts.previous) {
            fprintf(stderr, "gikreport: %s: %s\n", c.previous_file, err);
            return EXIT_UNREADABLE;
        }
    }
    /* stdin cannot be read by two jobs, nor a --previous be shared
     * unsafely: the parser only reads it */
    csv_header(&c);
    codes = gik_site_run(p, c.files->nelts, c.jobs ? c.jobs : 1, check_one, &c);
    for (i = 0; i < c.files->nelts; i++) {
        status = worse(status, codes[i]);
    }
    return status;
}

static int cmd_rules(void)
{
    const gik_rule_info *r;

    for (r = gik_rules; r->id; r++) {
        printf("%-22s %-7s %s\n", r->id,
               gik_severity_name(r->default_severity) ? gik_severity_name(r->default_severity)
                                                      : "?",
               r->what ? r->what : "");
    }
    return 0;
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *p;
    int rc;

    if (apr_app_initialize(&argc, &argv, NULL) != APR_SUCCESS) {
        fputs("gikreport: cannot initialise APR\n", stderr);
        return EXIT_UNREADABLE;
    }
    atexit(apr_terminate);
    if (argc >= 2 && !strcmp(argv[1], "pdf-glyphs")) {
        /* the PDF child: poppler only, none of the checker's set-up */
        apr_pool_create(&p, NULL);
        return gik_tool_pdf_glyphs(p, argc - 2, argv + 2);
    }
    if (gik_init(NULL, NULL) != 0) {
        /* said on stderr; the affected rules are listed not assessable */
        fputs("gikreport: some checks cannot run (see above)\n", stderr);
    }
    apr_pool_create(&p, NULL);

    if (argc < 2) {
        fputs(usage_text, stderr);
        rc = EXIT_UNREADABLE;
    }
    else if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")
             || !strcmp(argv[1], "help")) {
        fputs(usage_text, stdout);
        rc = 0;
    }
    else if (!strcmp(argv[1], "--version")) {
        printf("gikreport %s (contract %s, rules %s)\n", PACKAGE_VERSION,
               GIK_CONTRACT_VERSION, GIK_RULES_VERSION);
        rc = 0;
    }
    else if (!strcmp(argv[1], "check")) {
        rc = cmd_check(p, argc - 2, argv + 2, gik_tool_self_path(p, argv[0]));
    }
    else if (!strcmp(argv[1], "rules")) {
        rc = argc == 2 ? cmd_rules() : usage_error("rules: unexpected argument %s", argv[2]);
    }
    else {
        rc = usage_error("unknown command %s", argv[1]);
    }
    fflush(stdout);
    apr_pool_destroy(p);
    return rc;
}
