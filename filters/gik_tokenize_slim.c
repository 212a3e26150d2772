/*
 * gik_tokenize_slim.c - start tags without the attributes nobody reads
 * (see gik_tokenize_slim.h for why).
 *
 * The grammar below is the part of libxml2 2.9's HTML tokenizer
 * (htmlParseStartTag, htmlParseAttribute, htmlParseAttValue, run from the
 * push parser with HTML_PARSE_RECOVER) on which it cannot disagree with
 * libxml2 about where a tag ends or what is text:
 *
 *   tag   = '<' name (blank+ attr)* blank* ('>' | '/>')
 *   name  = letter namechar*              (at most LONGEST_NAME bytes)
 *   attr  = aname [blank* '=' blank* value]
 *   aname = (letter | '_' | ':' | '.') namechar*
 *   value = '"' [^"]* '"' | "'" [^']* "'" | plain+
 *   blank = SP | TAB | LF | CR            (libxml2's IS_BLANK_CH: no FF)
 *   plain = any byte but blank, '>', NUL, quotes, '<', '=', '`'
 *
 * Such a tag becomes '<' name '>' (or '/>': libxml2 ends an element written
 * "<x/>" at once), unless it is td, th or meta, whose attributes the
 * tokenizer reads, or its values hold a '<' or '>'.  Text, end tags (to their first '>', as libxml2's
 * htmlParseEndTag in recovery; "</" without a name is two bytes of content),
 * comments (to "-->") and <!DOCTYPE ...> pass
 * unchanged.  The raw text of script and style (to "</script" or "</style"
 * in any case, as htmlParseScript in recovery) is taken out: the tokenizer
 * ignores it.  Anything else -- "<?", "<!" other than those, a comment with
 * "--!>" (libxml2 ends it there), a tag off the grammar, a construct the
 * block ends in -- turns the stage off for the rest of the page.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_tokenize_slim.h"

/* libxml2 stops a name at 100 bytes and goes on reading the rest as
 * something else; real names are far shorter */
#define LONGEST_NAME 60

enum { C_NAME = 1, C_ANAME_FIRST = 2, C_BLANK = 4, C_NOT_PLAIN = 8, C_LETTER = 16 };

static unsigned char byte_class[256];

static void init_classes(void)
{
    int c;

    for (c = 0; c < 256; c++) {
        unsigned char k = 0;
        int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (letter) {
            k |= C_LETTER | C_ANAME_FIRST | C_NAME;
        }
        if ((c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' || c == '.') {
            k |= C_NAME;
        }
        if (c == '_' || c == ':' || c == '.') {
            k |= C_ANAME_FIRST;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            k |= C_BLANK | C_NOT_PLAIN;
        }
        if (c == '>' || c == 0 || c == '"' || c == '\'' || c == '<' || c == '=' || c == '`') {
            k |= C_NOT_PLAIN;
        }
        byte_class[c] = k;
    }
}

#define IS(c, k) (byte_class[(unsigned char)(c)] & (k))

/* One start tag, as the grammar reads it. */
typedef struct {
    apr_size_t name_end;    /* just past the element name */
    apr_size_t close;       /* the '>' or the '/' of "/>" */
    apr_size_t end;         /* just past the tag */
} start_tag;

static apr_size_t skip_blanks(const char *b, apr_size_t i, apr_size_t len)
{
    while (i < len && IS(b[i], C_BLANK)) {
        i++;
    }
    return i;
}

/* A start tag at b[at] == '<' followed by a letter; 0 when it is off the
 * grammar or not whole in the block. */
static int read_start_tag(const char *b, apr_size_t at, apr_size_t len, start_tag *tag)
{
    apr_size_t i = at + 1, mark;

    while (i < len && IS(b[i], C_NAME)) {
        i++;
    }
    if (i - (at + 1) > LONGEST_NAME) {
        return 0;
    }
    tag->name_end = i;
    for (;;) {
        mark = i;
        i = skip_blanks(b, i, len);
        if (i >= len) {
            return 0;
        }
        if (b[i] == '>' || (b[i] == '/' && i + 1 < len && b[i + 1] == '>')) {
            tag->close = i;
            tag->end = i + (b[i] == '>' ? 1 : 2);
            return 1;
        }
        if (i == mark || !IS(b[i], C_ANAME_FIRST)) {
            return 0;       /* "<a\"b>", "<a/b>", an attribute not after a blank */
        }
        mark = i;
        while (i < len && IS(b[i], C_NAME)) {
            i++;
        }
        if (i - mark > LONGEST_NAME) {
            return 0;
        }
        mark = i;
        i = skip_blanks(b, i, len);
        if (i >= len) {
            return 0;
        }
        if (b[i] != '=') {
            i = mark;       /* no value: the blanks belong to the next round */
            continue;
        }
        i = skip_blanks(b, i + 1, len);
        if (i >= len) {
            return 0;
        }
        if (b[i] == '"' || b[i] == '\'') {
            const char *q = memchr(b + i + 1, b[i], len - i - 1);
            if (!q) {
                return 0;
            }
            i = (apr_size_t)(q - b) + 1;
        }
        else {
            mark = i;
            while (i < len && !IS(b[i], C_NOT_PLAIN)) {
                i++;
            }
            if (i == mark || i >= len || !(IS(b[i], C_BLANK) || b[i] == '>')) {
                return 0;   /* empty, or a byte a plain value must not hold */
            }
        }
    }
}

/* The rest of a doctype from just after "<!DOCTYPE", as htmlParseDocTypeDecl
 * reads a well-formed one: blank+ name [blank+ (PUBLIC | SYSTEM) (blank+
 * literal){1,2}] blank* '>'.  Its '>', or NULL (a malformed one: libxml2
 * skips to a '>' its look-ahead and its parser do not agree on). */
static const char *read_doctype(const char *b, apr_size_t i, apr_size_t len)
{
    apr_size_t mark = i;
    int literals = 0;

    i = skip_blanks(b, i, len);
    if (i == mark) {
        return NULL;
    }
    for (mark = i; i < len && IS(b[i], C_LETTER); i++) {
    }
    if (i == mark) {
        return NULL;
    }
    mark = i;
    i = skip_blanks(b, i, len);
    if (i > mark && len - i >= 6
        && (!strncasecmp(b + i, "public", 6) || !strncasecmp(b + i, "system", 6))) {
        i += 6;
        for (;;) {
            mark = i;
            i = skip_blanks(b, i, len);
            if (i == mark || i >= len || literals == 2 || (b[i] != '"' && b[i] != '\'')) {
                break;
            }
            {
                const char *q = memchr(b + i + 1, b[i], len - i - 1);
                if (!q || memchr(b + i + 1, '>', (apr_size_t)(q - b) - i - 1)) {
                    return NULL;
                }
                i = (apr_size_t)(q - b) + 1;
                literals++;
            }
        }
        if (!literals) {
            return NULL;
        }
    }
    return (i < len && b[i] == '>') ? b + i : NULL;
}

/* The tokenizer reads the attributes of these (names are ASCII here:
 * | 0x20 lowers a letter). */
static int keeps_attributes(const char *name, apr_size_t n)
{
    if (n == 2) {
        return (name[0] | 0x20) == 't' && ((name[1] | 0x20) == 'd' || (name[1] | 0x20) == 'h');
    }
    return n == 4 && !strncasecmp(name, "meta", 4);
}

/* Whether attributes hold a '<' or '>' (in a quoted value).  Such a tag
 * keeps them: should a parser read the tag otherwise after all (as text of
 * a comment or script we did not see), no end of a tag, comment or script
 * comes or goes with bytes taken out. */
static int holds_angle(const char *p, apr_size_t n)
{
    return memchr(p, '<', n) || memchr(p, '>', n);
}

/* The first occurrence of needle (lower case) in b[from, len), any case. */
static const char *find_ci(const char *b, apr_size_t from, apr_size_t len, const char *needle)
{
    apr_size_t n = strlen(needle);
    const char *p = b + from, *e = b + len;

    while ((p = memchr(p, needle[0], (apr_size_t)(e - p))) != NULL) {
        if ((apr_size_t)(e - p) >= n && !strncasecmp(p, needle, n)) {
            return p;
        }
        p++;
    }
    return NULL;
}

/* Copies b[*from, upto) down to b[*w, ...) and drops b[upto, resume). */
static void drop(char *b, apr_size_t *w, apr_size_t *from, apr_size_t upto, apr_size_t resume)
{
    if (*w != *from) {
        memmove(b + *w, b + *from, upto - *from);
    }
    *w += upto - *from;
    *from = resume;
}

apr_size_t gik_html_slim_block(gik_html_slim *s, char *b, apr_size_t len)
{
    static int classes_ready;
    apr_size_t i = 0, w = 0, from = 0;

    if (!classes_ready) {
        init_classes();     /* idempotent: a race only writes the same bytes */
        classes_ready = 1;
    }
    if (s->mode != GIK_SLIM_OFF && memchr(b, '\0', len)) {
        s->mode = GIK_SLIM_OFF;     /* libxml2 reads NUL as the end of input in
                                       places (the decoder never sends one) */
    }
    while (s->mode != GIK_SLIM_OFF && i < len) {
        const char *hit;
        apr_size_t n;
        char next;

        if (s->mode == GIK_SLIM_RAW) {
            /* script/style text: only its end tag ends it (split by no cut:
             * the tokenizer cuts before an open tag's '<') */
            hit = find_ci(b, i, len, s->raw_end);
            if (!hit) {
                if (memchr(b + (len > 16 ? len - 16 : 0), '<', len > 16 ? 16 : len)) {
                    s->mode = GIK_SLIM_OFF;     /* perhaps a cut "</scr" */
                    break;
                }
                drop(b, &w, &from, i, len);     /* see below */
                break;
            }
            n = strlen(s->raw_end);
            if ((apr_size_t)(hit - b) + n >= len
                || !(IS(hit[n], C_BLANK) || hit[n] == '>')) {
                /* "</scriptx": libxml2 ends the text there but keeps the
                 * element open (more script text follows); not ours */
                s->mode = GIK_SLIM_OFF;
                break;
            }
            /* the script or style sheet itself goes too: the tokenizer
             * drops its text, and libxml2 copies it a character at a time
             * (an inline script of a CMS page is often the biggest part) */
            drop(b, &w, &from, i, (apr_size_t)(hit - b));
            i = (apr_size_t)(hit - b);
            s->mode = GIK_SLIM_CONTENT;         /* the end tag, read below */
        }
        hit = memchr(b + i, '<', len - i);
        if (!hit) {
            break;
        }
        i = (apr_size_t)(hit - b);
        if (i + 1 >= len) {
            s->mode = GIK_SLIM_OFF;             /* a '<' the block ends with */
            break;
        }
        next = b[i + 1];
        if (IS(next, C_LETTER)) {
            start_tag tag;
            const char *name = b + i + 1;
            if (!read_start_tag(b, i, len, &tag)) {
                s->mode = GIK_SLIM_OFF;
                break;
            }
            n = tag.name_end - (i + 1);
            if (tag.close > tag.name_end && !keeps_attributes(name, n)
                && !holds_angle(b + tag.name_end, tag.close - tag.name_end)) {
                drop(b, &w, &from, tag.name_end, tag.close);
            }
            if (b[tag.close] == '>' && (n == 6 || n == 5)
                && (!strncasecmp(name, "script", n) || !strncasecmp(name, "style", n))) {
                s->mode = GIK_SLIM_RAW;
                s->raw_end = (n == 6) ? "</script" : "</style";
            }
            i = tag.end;
        }
        else if (next == '/') {
            if (i + 2 >= len) {
                s->mode = GIK_SLIM_OFF;
                break;
            }
            if (!IS(b[i + 2], C_ANAME_FIRST)) {
                /* "</" and no name: libxml2 takes the two bytes and reads
                 * on as content ("</<a ...>" is an <a> tag) */
                i += 2;
                continue;
            }
            /* an end tag is short: a loop, not a call */
            for (hit = b + i + 2; hit < b + len && *hit != '>'; hit++) {
            }
            if (hit == b + len) {
                s->mode = GIK_SLIM_OFF;
                break;
            }
            i = (apr_size_t)(hit - b) + 1;
        }
        else if (next == '!') {
            if (len - i >= 4 && b[i + 2] == '-' && b[i + 3] == '-') {
                hit = find_ci(b, i + 4, len, "-->");
                if (hit && find_ci(b, i + 4, (apr_size_t)(hit - b) + 3, "--!>")) {
                    hit = NULL;     /* libxml2 ends it there: what follows is
                                       markup it reads and we did not */
                }
            }
            else if (len - i >= 9 && !strncasecmp(b + i + 2, "doctype", 7)) {
                hit = read_doctype(b, i + 9, len);
            }
            else {
                hit = NULL;         /* "<!x": text to libxml2 in content, not elsewhere */
            }
            if (!hit) {
                s->mode = GIK_SLIM_OFF;
                break;
            }
            i = (apr_size_t)(hit - b) + 1;
        }
        else if (next == '?') {
            s->mode = GIK_SLIM_OFF;
            break;
        }
        else {
            i++;                    /* "a < b": the '<' is text */
        }
    }
    if (from == 0) {
        return len;                 /* nothing dropped */
    }
    drop(b, &w, &from, len, len);
    return w;
}
