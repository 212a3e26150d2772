/*
 * gik_html_strip.c - start tags handed to libxml2 without the attributes the
 * HTML tokenizer never reads.
 *
 * Why: libxml2 copies every attribute value character by character
 * (htmlParseAttValue: a decode, a copy and a buffer check per character,
 * then a realloc), and the navigation around a CMS report is mostly
 * href, class, title and style values.  On the 38 KB CMS page of bench/
 * that was 1.2 M of the parse's 7 M instructions, for values the SAX
 * callbacks drop: they read colspan and rowspan of <td>/<th> and name and
 * content of <meta>, nothing else (gik_tokenize_html.c, sax_start).
 *
 * What makes it safe: the page is rewritten only where the scan knows what
 * libxml2 2.9-2.11 will see, and it stops rewriting for good at the first
 * construct it does not model exactly.  Whole page, terminate mode (the
 * tokenizer calls it only for a page that never filled a parse block), so
 * no construct is cut between calls.  libxml2's HTML parser, in what the
 * scan relies on:
 *   - '<' and an ASCII letter start a start tag; its name is letters and
 *     digits here (htmlParseHTMLName allows more: '-', '_', ':', '.'; such
 *     a tag stops the rewriting);
 *   - an attribute is blanks (space, tab, CR, LF), a name, and optionally
 *     blanks, '=', blanks and a value: quoted up to the same quote, or
 *     unquoted up to a blank or '>'; the tag ends at '>' or "/>"
 *     (htmlParseStartTag, htmlParseAttValue);
 *   - "</" and a letter start an end tag, which ends at the next '>'
 *     whatever comes before it (htmlParseEndTag in recovery mode);
 *   - "<!--" starts a comment that ends at the first "-->" after it
 *     (htmlParseComment); the forms later versions read otherwise ("<!-->",
 *     "<!--->", "--!>") stop the rewriting;
 *   - "<!DOCTYPE" ends at the next '>' when no quoted literal hides one;
 *   - the content of <script> and <style> is text up to "</" and the
 *     element's name, in any case (htmlParseScript in recovery mode).
 * A rewritten tag keeps its name and its "/>": what libxml2 does with a
 * tag (open, close, imply, auto-close) depends on its name only.  The
 * bytes taken out hold no '<' and no '>', so even where another parser
 * reads them as text of a comment or a script, no end of a comment,
 * script or tag comes or goes with them.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>
#include "gik_html_strip.h"

#define MAX_TAG_NAME  32    /* longer names stop the rewriting */
#define MAX_ATTR_NAME 64

/* libxml2 2.12 rewrote parts of the HTML parser (comments, raw text) and
 * 2.14 tokenizes as HTML5 does: the scan models 2.9 to 2.11 only, both the
 * headers built against and the library loaded. */
int gik_html_strip_enabled(void)
{
#if LIBXML_VERSION >= 20900 && LIBXML_VERSION < 21200
    int v = atoi(xmlParserVersion);
    return v >= 20900 && v < 21200;
#else
    return 0;
#endif
}

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* bytes an unquoted value may hold here (libxml2 takes anything up to a
 * blank or '>'; quotes, '<', '=' and '`' in one stop the rewriting) */
static int is_unquoted(unsigned char c)
{
    return !is_blank(c) && c != '"' && c != '\'' && c != '<' && c != '>' && c != '='
           && c != '`';
}

/* Case-insensitive search for "</" name in b[from, n); n when absent. */
static apr_size_t find_end_tag(const char *b, apr_size_t from, apr_size_t n,
                               const char *name, apr_size_t len)
{
    const char *p = b + from, *end = b + n;
    while ((p = memchr(p, '<', (apr_size_t)(end - p))) != NULL) {
        if ((apr_size_t)(end - p) >= len + 2 && p[1] == '/'
            && strncasecmp(p + 2, name, len) == 0) {
            return (apr_size_t)(p - b);
        }
        p++;
    }
    return n;
}

/* A start tag at b[at] ('<' and a letter), read as libxml2 reads it: its
 * end (past '>'), name length, attribute count and whether it ends in
 * "/>"; 0 when it is not one the scan models. */
static apr_size_t start_tag(const unsigned char *b, apr_size_t at, apr_size_t n,
                            apr_size_t *name_len, int *nattrs, int *self_closing)
{
    apr_size_t p = at + 1, q;
    while (p < n && (is_letter(b[p]) || is_digit(b[p]))) {
        p++;
    }
    *name_len = p - at - 1;
    *nattrs = 0;
    if (*name_len > MAX_TAG_NAME) {
        return 0;
    }
    for (;;) {
        apr_size_t blanks = p;
        while (p < n && is_blank(b[p])) {
            p++;
        }
        if (p >= n) {
            return 0;
        }
        if (b[p] == '>') {
            *self_closing = 0;
            return p + 1;
        }
        if (b[p] == '/' && p + 1 < n && b[p + 1] == '>') {
            *self_closing = 1;
            return p + 2;
        }
        if (p == blanks) {
            return 0;               /* "<a\"x\">", "<a/b>": not modelled */
        }
        /* the attribute's name */
        q = p;
        if (!(is_letter(b[p]) || b[p] == '_' || b[p] == ':')) {
            return 0;
        }
        while (p < n && (is_letter(b[p]) || is_digit(b[p]) || b[p] == '-' || b[p] == '_'
                         || b[p] == ':' || b[p] == '.')) {
            p++;
        }
        if (p - q > MAX_ATTR_NAME) {
            return 0;
        }
        (*nattrs)++;
        q = p;
        while (p < n && is_blank(b[p])) {
            p++;
        }
        if (p >= n) {
            return 0;
        }
        if (b[p] != '=') {
            p = q;                  /* no value: the blanks start the next one */
            continue;
        }
        p++;
        while (p < n && is_blank(b[p])) {
            p++;
        }
        if (p >= n) {
            return 0;
        }
        if (b[p] == '"' || b[p] == '\'') {
            unsigned char quote = b[p++];
            while (p < n && b[p] != quote) {
                if (b[p] == '<' || b[p] == '>') {
                    return 0;
                }
                p++;
            }
            if (p >= n) {
                return 0;
            }
            p++;
        }
        else {
            q = p;
            while (p < n && is_unquoted(b[p])) {
                p++;
            }
            if (p == q || (p < n && !is_blank(b[p]) && b[p] != '>')) {
                return 0;           /* empty, or a quote or '=' inside it */
            }
        }
    }
}

/* A comment at b[at] ("<!--"): past its "-->", or 0 when not modelled. */
static apr_size_t comment(const char *b, apr_size_t at, apr_size_t n)
{
    apr_size_t p;
    const char *e;
    if (at + 5 < n && (b[at + 4] == '>' || (b[at + 4] == '-' && b[at + 5] == '>'))) {
        return 0;                   /* "<!-->", "<!--->" */
    }
    for (e = b + at + 4; (e = memchr(e, '-', (apr_size_t)(b + n - e))) != NULL; e++) {
        if ((apr_size_t)(b + n - e) >= 3 && e[1] == '-' && e[2] == '>') {
            break;
        }
    }
    if (!e) {
        return 0;
    }
    for (p = at + 4; p < (apr_size_t)(e - b); p++) {
        unsigned char c = (unsigned char)b[p];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            || (c == '-' && p + 3 < n && b[p + 1] == '-' && b[p + 2] == '!' && b[p + 3] == '>')) {
            return 0;               /* a character libxml2 refuses; "--!>" */
        }
    }
    return (apr_size_t)(e - b) + 3;
}

/* A doctype at b[at] ("<!"): past its '>', or 0 when not modelled. */
static apr_size_t doctype(const char *b, apr_size_t at, apr_size_t n)
{
    const char *gt;
    apr_size_t p, quotes = 0;
    if (n - at < 10 || strncasecmp(b + at + 2, "doctype", 7) != 0) {
        return 0;
    }
    gt = memchr(b + at, '>', n - at);
    if (!gt) {
        return 0;
    }
    for (p = at; p < (apr_size_t)(gt - b); p++) {
        if (b[p] == '\'') {
            return 0;
        }
        quotes += b[p] == '"';
    }
    return quotes % 2 ? 0 : (apr_size_t)(gt - b) + 1;
}

apr_size_t gik_html_strip_attributes(char *buf, apr_size_t n)
{
    const unsigned char *b = (const unsigned char *)buf;
    apr_size_t r = 0, w = 0;

    if (!gik_html_strip_enabled()) {
        return n;
    }
    while (r < n) {
        const unsigned char *lt = memchr(b + r, '<', n - r);
        apr_size_t at, end = 0, name_len;
        int nattrs, self_closing;
        if (!lt) {
            break;
        }
        at = (apr_size_t)(lt - b);
        if (at + 1 < n && is_letter(b[at + 1])) {
            end = start_tag(b, at, n, &name_len, &nattrs, &self_closing);
            if (end) {
                const char *name = buf + at + 1;    /* read before anything moves */
                const char *raw = name_len == 6 && strncasecmp(name, "script", 6) == 0
                                  ? "script"
                                  : name_len == 5 && strncasecmp(name, "style", 5) == 0
                                  ? "style" : NULL;
                int keep = nattrs == 0
                           || (name_len == 2 && (strncasecmp(name, "td", 2) == 0
                                                 || strncasecmp(name, "th", 2) == 0))
                           || (name_len == 4 && strncasecmp(name, "meta", 4) == 0);
                memmove(buf + w, buf + r, at - r);
                w += at - r;
                if (keep) {
                    memmove(buf + w, buf + at, end - at);
                    w += end - at;
                }
                else {
                    memmove(buf + w, buf + at, name_len + 1);
                    w += name_len + 1;
                    if (self_closing) {
                        buf[w++] = '/';
                    }
                    buf[w++] = '>';
                }
                r = end;
                if (raw && !self_closing) {
                    /* raw text up to "</script" or "</style", as it is */
                    apr_size_t close = find_end_tag(buf, r, n, raw, name_len);
                    if (close == n) {
                        break;      /* no end: the rest as it is */
                    }
                    memmove(buf + w, buf + r, close - r);
                    w += close - r;
                    r = close;
                }
                continue;
            }
        }
        else if (at + 2 < n && b[at + 1] == '/' && is_letter(b[at + 2])) {
            const unsigned char *gt = memchr(b + at, '>', n - at);
            end = gt ? (apr_size_t)(gt - b) + 1 : 0;
        }
        else if (at + 3 < n && b[at + 1] == '!' && b[at + 2] == '-' && b[at + 3] == '-') {
            end = comment(buf, at, n);
        }
        else if (at + 1 < n && b[at + 1] == '!') {
            end = doctype(buf, at, n);
        }
        if (!end) {
            break;                  /* not modelled: the rest as it is */
        }
        memmove(buf + w, buf + r, end - r);
        w += end - r;
        r = end;
    }
    memmove(buf + w, buf + r, n - r);
    return w + (n - r);
}
