/*
 * gik_emit_badge.c - the badge injected into report pages, and the HTML
 * escaping it needs.
 *
 * The badge is spliced into pages in whatever encoding they are served in
 * (often GB18030), which we do not re-encode.  So everything we write is
 * pure ASCII: every non-ASCII character becomes a decimal numeric character
 * reference, which any HTML encoding decodes to the same character.
 *
 * The built-in template below is the same as conf/gikreport-badge.html
 * (minus its comment); an operator's template (GikReportBadgeTemplate) goes
 * through exactly the same substitution, so there is one code path.
 */
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include "gik_emit.h"
#include "gik_emit_internal.h"
#include "gik_utf8.h"

#define BADGE_BEGIN "<!--gikreport:begin-->"
#define BADGE_END   "<!--gikreport:end-->"

static const char builtin_template[] =
    "<div class=\"gikreport-badge gikreport-badge--{{state}}\" role=\"status\""
    " lang=\"zh-CN\" data-gik-status=\"{{status}}\" data-gik-errors=\"{{errors}}\""
    " data-gik-warnings=\"{{warnings}}\" data-gik-infos=\"{{infos}}\""
    " data-gik-state=\"{{state}}\""
    " style=\"box-sizing:border-box;clear:both;margin:1em auto;max-width:48em;"
    "padding:.75em 1em;border:2px solid {{border_color}};border-radius:6px;"
    "background:{{background}};color:{{color}};font:15px/1.6 sans-serif;"
    "text-align:left;\">"
    "<strong class=\"gikreport-badge__title\" style=\"display:block;font-size:1.1em;"
    "color:inherit;\">政府信息公开年度报告检查：{{status_text}}</strong>"
    "<span class=\"gikreport-badge__subject\" style=\"display:block;\">{{subject}}</span>"
    "<span class=\"gikreport-badge__counts\" style=\"display:block;\">"
    "错误 {{errors}} 项，警告 {{warnings}} 项{{partial_note}}</span>"
    "<span class=\"gikreport-badge__time\" style=\"display:block;\">检查时间 "
    "<time datetime=\"{{checked_at_iso}}\">{{checked_at}}</time>（北京时间）</span>"
    "{{link}}"
    "</div>";

/* Dark text on a pale ground: every pair is above 7:1 (WCAG AAA), and the
 * status is also said in words, so colour is never the only signal. */
typedef struct badge_style {
    const char *status;      /* its words: gik_verdict_of(status) */
    const char *color;
    const char *background;
    const char *border;
} badge_style;

static const badge_style badge_styles[] = {
    { "pass", "#14532d", "#f0fdf4", "#15803d" },
    { "warn", "#713f12", "#fefce8", "#a16207" },
    { "fail", "#7f1d1d", "#fef2f2", "#b91c1c" },
    /* a reading limit stopped the check: what was found stands, but the
     * rest of the page was never looked at, so no verdict colour */
    { "partial", "#1e293b", "#f1f5f9", "#475569" }
};

int gik_is_format_control(long cp)
{
    /* C1 controls, and Unicode's format characters (general category Cf):
     * the bidi embeddings, overrides and isolates (U+202A-202E,
     * U+2066-2069), marks, zero-width characters, the BOM, interlinear
     * annotation and tag characters.  In a name shown to people they can
     * only reorder or hide what is written (U+202E turns "fail" around). */
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || cp == 0x61c || cp == 0x70f
           || cp == 0x180e || (cp >= 0x200b && cp <= 0x200f)
           || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f)
           || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) || cp == 0x110bd
           || (cp >= 0x1d173 && cp <= 0x1d17a) || cp == 0xe0001
           || (cp >= 0xe0020 && cp <= 0xe007f);
}

char *gik_text_for_display(apr_pool_t *p, const char *s)
{
    apr_size_t len = strlen(s), i, adv;
    char *out = apr_palloc(p, 3 * len + 1), *o = out;

    for (i = 0; i < len; i += adv) {
        long cp = gik_utf8_decode(s + i, len - i, &adv);
        if (cp < 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7f
            || gik_is_format_control(cp)) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
        }
        else {
            memcpy(o, s + i, adv);
            o += adv;
        }
    }
    *o = '\0';
    return out;
}

/*
 * Writes s as ASCII.  With escape_markup, & < > " ' are escaped too (for
 * values from the page); without it (template text) ASCII passes unchanged.
 * Invalid UTF-8 and C0 controls other than whitespace become U+FFFD: the
 * page's bytes are not trusted to be what the core promises.  In values
 * from the page (escape_markup) so do format controls (bidi overrides).
 */
static char *to_ascii(apr_pool_t *p, const char *s, apr_size_t len, int escape_markup)
{
    /* Worst case: one invalid byte -> "&#65533;" (8 bytes). */
    char *out = apr_palloc(p, len * 8 + 1);
    char *o = out;
    apr_size_t i = 0, adv;

    while (i < len) {
        long cp = gik_utf8_decode(s + i, len - i, &adv);
        i += adv;
        if (cp < 0 || cp == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
            || cp == 0x7f || (escape_markup && gik_is_format_control(cp))) {
            cp = 0xfffd;
        }
        if (cp >= 0x80) {
            o += apr_snprintf(o, 11, "&#%ld;", cp);
            continue;
        }
        if (escape_markup) {
            const char *ent = NULL;
            switch (cp) {
            case '&':  ent = "&amp;";  break;
            case '<':  ent = "&lt;";   break;
            case '>':  ent = "&gt;";   break;
            case '"':  ent = "&quot;"; break;
            case '\'': ent = "&#39;";  break;
            default: break;
            }
            if (ent) {
                apr_size_t n = strlen(ent);
                memcpy(o, ent, n);
                o += n;
                continue;
            }
        }
        *o++ = (char)cp;
    }
    *o = '\0';
    return out;
}

char *gik_html_escape_ascii(apr_pool_t *p, const char *utf8)
{
    if (!utf8) {
        return apr_pstrdup(p, "");
    }
    return to_ascii(p, utf8, strlen(utf8), 1);
}

typedef struct placeholder {
    const char *name;
    const char *value;     /* already escaped ASCII (or our own markup) */
} placeholder;

enum {
    PH_STATUS, PH_STATUS_TEXT, PH_ERRORS, PH_WARNINGS, PH_INFOS, PH_ORGANIZATION,
    PH_YEAR, PH_SUBJECT, PH_CHECKED_AT, PH_CHECKED_AT_ISO, PH_HREF, PH_LINK,
    PH_PARTIAL_NOTE, PH_COLOR, PH_BACKGROUND, PH_BORDER_COLOR, PH_STATE, PH_COUNT
};

static const badge_style *style_for(const char *status)
{
    apr_size_t i;
    for (i = 0; i < sizeof(badge_styles) / sizeof(badge_styles[0]); i++) {
        if (strcmp(badge_styles[i].status, status) == 0) {
            return &badge_styles[i];
        }
    }
    return &badge_styles[2];     /* fail */
}

/* Readers of these pages are in China: the time is said in Beijing time. */
static const char *beijing_time(apr_pool_t *p, apr_time_t t)
{
    apr_time_exp_t x;
    if (apr_time_exp_tz(&x, t, 8 * 3600) != APR_SUCCESS) {
        return "";
    }
    return apr_psprintf(p, "%04d-%02d-%02d %02d:%02d", x.tm_year + 1900, x.tm_mon + 1,
                        x.tm_mday, x.tm_hour, x.tm_min);
}

static void fill_placeholders(apr_pool_t *p, const gik_badge_facts *f, const char *href,
                              placeholder *ph)
{
    static const char *const names[PH_COUNT] = {
        [PH_STATUS] = "status", [PH_STATUS_TEXT] = "status_text", [PH_ERRORS] = "errors",
        [PH_WARNINGS] = "warnings", [PH_INFOS] = "infos", [PH_ORGANIZATION] = "organization",
        [PH_YEAR] = "year", [PH_SUBJECT] = "subject", [PH_CHECKED_AT] = "checked_at",
        [PH_CHECKED_AT_ISO] = "checked_at_iso", [PH_HREF] = "href", [PH_LINK] = "link",
        [PH_PARTIAL_NOTE] = "partial_note", [PH_COLOR] = "color",
        [PH_BACKGROUND] = "background", [PH_BORDER_COLOR] = "border_color",
        [PH_STATE] = "state",
    };
    const char *status = gik_status_of(1, f->errors, f->warnings);
    const badge_style *st = style_for(f->partial ? "partial" : status);
    const char *subject;
    int i;

    for (i = 0; i < PH_COUNT; i++) {
        ph[i].name = names[i];
        ph[i].value = "";
    }
    ph[PH_STATUS].value = status;     /* the verdict so far, for monitoring */
    ph[PH_STATE].value = st->status;
    ph[PH_STATUS_TEXT].value = gik_html_escape_ascii(p, gik_verdict_of(st->status)->zh);
    ph[PH_ERRORS].value = apr_itoa(p, f->errors);
    ph[PH_WARNINGS].value = apr_itoa(p, f->warnings);
    ph[PH_INFOS].value = apr_itoa(p, f->infos);
    ph[PH_ORGANIZATION].value = gik_html_escape_ascii(p, f->organization);
    ph[PH_YEAR].value = f->year > 0 ? apr_itoa(p, f->year) : "";

    /* "辛店镇人民政府 2024年度报告", degrading gracefully when either is unknown. */
    subject = f->organization ? f->organization : "";
    if (f->year > 0) {
        subject = apr_psprintf(p, "%s%s%d年度报告", subject, *subject ? " " : "", f->year);
    }
    ph[PH_SUBJECT].value = gik_html_escape_ascii(p, subject);

    ph[PH_CHECKED_AT].value = beijing_time(p, f->checked_at);
    ph[PH_CHECKED_AT_ISO].value = gik_iso8601_utc(p, f->checked_at);
    if (href) {
        ph[PH_HREF].value = gik_html_escape_ascii(p, href);
        ph[PH_LINK].value = apr_pstrcat(p,
            "<a class=\"gikreport-badge__link\" href=\"", ph[PH_HREF].value,
            "\" style=\"display:block;color:inherit;text-decoration:underline;\">",
            gik_html_escape_ascii(p, "查看检查结果"), "</a>", NULL);
    }
    if (f->partial) {
        ph[PH_PARTIAL_NOTE].value =
            gik_html_escape_ascii(p, "（页面未能完整读取，结论不完整）");
    }
    ph[PH_COLOR].value = st->color;
    ph[PH_BACKGROUND].value = st->background;
    ph[PH_BORDER_COLOR].value = st->border;
}

static const char *skip_space(const char *s)
{
    while (apr_isspace(*s)) {
        s++;
    }
    return s;
}

/* Substitutes {{name}} in tmpl; unknown placeholders are left as written so
 * a typo in an operator's template is visible rather than silently empty. */
static char *substitute(apr_pool_t *p, const char *tmpl, const placeholder *ph)
{
    apr_array_header_t *parts = apr_array_make(p, 64, sizeof(const char *));
    const char *s = skip_space(tmpl), *end;

    /* A template file documents itself in a leading comment; that is for
     * the operator, not for every page it is injected into. */
    if (strncmp(s, "<!--", 4) == 0 && (end = strstr(s + 4, "-->")) != NULL) {
        s = skip_space(end + 3);
    }
    end = s + strlen(s);
    while (end > s && apr_isspace(end[-1])) {
        end--;
    }
    s = apr_pstrndup(p, s, end - s);

    APR_ARRAY_PUSH(parts, const char *) = BADGE_BEGIN;
    while (*s) {
        const char *open = strstr(s, "{{");
        const char *close;
        int i, found = 0;

        if (!open) {
            APR_ARRAY_PUSH(parts, const char *) = to_ascii(p, s, strlen(s), 0);
            break;
        }
        APR_ARRAY_PUSH(parts, const char *) = to_ascii(p, s, open - s, 0);
        close = strstr(open + 2, "}}");
        if (close) {
            apr_size_t n = close - (open + 2);
            for (i = 0; i < PH_COUNT; i++) {
                if (strlen(ph[i].name) == n && strncmp(ph[i].name, open + 2, n) == 0) {
                    APR_ARRAY_PUSH(parts, const char *) = ph[i].value;
                    s = close + 2;
                    found = 1;
                    break;
                }
            }
        }
        if (!found) {
            APR_ARRAY_PUSH(parts, const char *) = "{{";
            s = open + 2;
        }
    }
    APR_ARRAY_PUSH(parts, const char *) = BADGE_END;
    return apr_array_pstrcat(p, parts, 0);
}

void gik_badge_facts_of(const gik_report *rep, gik_badge_facts *out)
{
    gik_summary sum;

    gik_report_summary(rep, &sum);
    out->errors = sum.errors;
    out->warnings = sum.warnings;
    out->infos = sum.infos;
    out->partial = rep->partial;
    out->organization = rep->organization;
    out->year = rep->year;
    out->checked_at = rep->checked_at;
}

char *gik_badge_render(apr_pool_t *p, const gik_badge_facts *facts,
                       const char *companion_href, const char *tmpl)
{
    placeholder ph[PH_COUNT];

    fill_placeholders(p, facts, companion_href, ph);
    return substitute(p, tmpl ? tmpl : builtin_template, ph);
}

char *gik_report_badge(apr_pool_t *p, const gik_report *rep,
                       const char *companion_href, const char *tmpl)
{
    gik_badge_facts facts;

    if (!rep->is_report) {
        return NULL;
    }
    gik_badge_facts_of(rep, &facts);
    return gik_badge_render(p, &facts, companion_href, tmpl);
}
