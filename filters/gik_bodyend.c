/*
 * gik_bodyend.c - where the badge goes: the last real </body> of a page.
 *
 * A byte-level state machine in the spirit of mod_include's tag scanner.  It
 * only needs to know enough HTML to tell a real </body> from the same bytes
 * inside a comment, a CDATA section, an attribute value or the raw text of
 * <script>, <style>, <textarea> and <title>.  Every bit of state lives in
 * the struct, so a tag split across any number of calls is recognised exactly
 * as if it had arrived in one piece; nothing is buffered.
 *
 * It also notes the first <!--gikreport--> comment: the place a CMS
 * template reserves for the badge, inside the article, next to the report.
 */
#include <apr_strings.h>
#include "gik_bodyend.h"

/* Longest tag name worth remembering: the longest we compare against is
 * "textarea"; anything longer is just "some other tag". */
#define NAME_MAX_LEN 15
/* "<!--gikreport-->", with room for the spaces of "<!-- gikreport -->" and
 * the closing "--" that is read before we know it closes. */
#define PLACEHOLDER_TEXT "gikreport"
#define PLACEHOLDER_MAX 24

typedef enum {
    ST_DATA = 0,        /* text: waiting for '<' */
    ST_TAG_OPEN,        /* just after '<' */
    ST_START_NAME,      /* <name */
    ST_END_NAME,        /* </name */
    ST_IN_TAG,          /* attributes of a start tag, or the rest of an end tag */
    ST_ATTR_DQ,         /* inside "..." in a tag */
    ST_ATTR_SQ,         /* inside '...' in a tag */
    ST_DECL,            /* after '<!': deciding between comment, CDATA, doctype */
    ST_COMMENT,         /* <!-- ... --> */
    ST_BOGUS,           /* <!doctype ...>, <?xml ...?>, <![CDATA[: up to the next '>'
                           (CDATA sections exist only in SVG/MathML; in HTML
                           content the parser treats them as bogus comments) */
    ST_RAWTEXT,         /* content of script/style/textarea/title up to its end tag */
    ST_PLAINTEXT        /* after <plaintext>: text to the end of the page */
} scan_state;

struct gik_bodyend {
    scan_state state;
    apr_off_t offset;        /* bytes scanned so far */
    apr_off_t tag_start;     /* offset of the '<' of the tag being read */
    apr_off_t last;          /* '<' of the last complete </body>, or -1 */
    apr_off_t body_start;    /* just past the first <body ...>, or -1 */
    int in_head;             /* after <head>, before </head> or <body>: no placeholder */
    int is_end_tag;          /* the tag being read is an end tag */
    char name[NAME_MAX_LEN + 1];
    int name_len;            /* may exceed NAME_MAX_LEN: then it matches nothing */
    int matched;             /* progress through "<!--", "-->" or
                                the raw text end tag "</name" */
    char raw_end[NAME_MAX_LEN + 1]; /* element whose raw text we are in */
    int raw_len;
    char comment[PLACEHOLDER_MAX + 1]; /* the first bytes of the comment being read */
    int comment_len;         /* may exceed PLACEHOLDER_MAX: then it is no placeholder */
    apr_off_t placeholder;   /* just past the first <!--gikreport-->, or -1 */
};

static const char *const rawtext_elements[] = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", NULL
};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

gik_bodyend *gik_bodyend_create(apr_pool_t *p)
{
    gik_bodyend *s = apr_pcalloc(p, sizeof(*s));
    s->state = ST_DATA;
    s->last = -1;
    s->body_start = -1;
    s->tag_start = -1;
    s->placeholder = -1;
    return s;
}

static int name_is(const gik_bodyend *s, const char *what)
{
    return s->name_len <= NAME_MAX_LEN && strcmp(s->name, what) == 0;
}

static void name_add(gik_bodyend *s, char c)
{
    if (s->name_len < NAME_MAX_LEN) {
        s->name[s->name_len] = lower(c);
        s->name[s->name_len + 1] = '\0';
    }
    s->name_len++;
}

/* The tag that started at tag_start ends at the '>' at offset gt. */
static void tag_done(gik_bodyend *s, apr_off_t gt)
{
    int i;

    s->state = ST_DATA;
    /* Only the names below matter, all of 3 to 9 letters starting with one
     * of "bhpstxin": most tags of a page (td, tr, p, div, span, a, li) are
     * done with here instead of a dozen strcmp each. */
    if (s->name_len < 3 || s->name_len > 9 || !strchr("bhpstxin", s->name[0])) {
        return;
    }
    if (s->is_end_tag) {
        if (name_is(s, "body")) {
            s->last = s->tag_start;
        }
        else if (name_is(s, "head")) {
            s->in_head = 0;
        }
        return;
    }
    if (name_is(s, "head") && s->body_start < 0) {
        s->in_head = 1;
        return;
    }
    if (name_is(s, "body") && s->body_start < 0) {
        s->body_start = gt + 1;
        s->in_head = 0;
        return;
    }
    if (name_is(s, "plaintext")) {
        s->state = ST_PLAINTEXT;
        return;
    }
    for (i = 0; rawtext_elements[i]; i++) {
        if (name_is(s, rawtext_elements[i])) {
            memcpy(s->raw_end, s->name, sizeof(s->raw_end));
            s->raw_len = s->name_len;
            s->matched = 0;
            s->state = ST_RAWTEXT;
            return;
        }
    }
}

/* Raw text ends at "</name" followed by space, '/' or '>'.  matched counts
 * the bytes of "</name" seen; matched == 2 + raw_len means the name is
 * complete and the next byte decides. */
static void rawtext_byte(gik_bodyend *s, char c, apr_off_t at)
{
    int full = 2 + s->raw_len;

    if (s->matched == full) {
        if (is_space(c) || c == '/' || c == '>') {
            /* a real end tag: finish it as an ordinary end tag */
            s->is_end_tag = 1;
            memcpy(s->name, s->raw_end, sizeof(s->name));
            s->name_len = s->raw_len;
            if (c == '>') {
                tag_done(s, at);
            }
            else {
                s->state = ST_IN_TAG;
            }
            s->matched = 0;
            return;
        }
        s->matched = 0;
    }
    if (s->matched == 0) {
        if (c == '<') {
            s->matched = 1;
            s->tag_start = at;
        }
    }
    else if (s->matched == 1) {
        s->matched = (c == '/') ? 2 : (c == '<') ? 1 : 0;
        if (c == '<') {
            s->tag_start = at;
        }
    }
    else if (lower(c) == s->raw_end[s->matched - 2]) {
        s->matched++;
    }
    else {
        s->matched = (c == '<') ? 1 : 0;
        if (c == '<') {
            s->tag_start = at;
        }
    }
}

/* A comment ended at the '>' at offset gt; its text (and the "--" before
 * the '>') is in s->comment.  The first "gikreport" one is the placeholder. */
static void comment_done(gik_bodyend *s, apr_off_t gt)
{
    const char *b = s->comment, *e;

    if (s->placeholder >= 0 || s->in_head || s->comment_len > PLACEHOLDER_MAX
        || s->comment_len < 2) {
        return;
    }
    e = s->comment + s->comment_len - 2;     /* the closing "--" */
    while (b < e && is_space(*b)) {
        b++;
    }
    while (e > b && is_space(e[-1])) {
        e--;
    }
    if ((size_t)(e - b) == sizeof(PLACEHOLDER_TEXT) - 1
        && !strncmp(b, PLACEHOLDER_TEXT, sizeof(PLACEHOLDER_TEXT) - 1)) {
        s->placeholder = gt + 1;
    }
}

/* The offset from i of the next byte that may change the state: the
 * next '<' in data, the closing quote of a value, '>' of a bogus comment;
 * len when there is none. */
static apr_size_t skip_to(const gik_bodyend *s, const char *buf, apr_size_t i, apr_size_t len)
{
    const char *hit;
    int want;

    switch (s->state) {
    case ST_DATA:
        want = '<';
        break;
    case ST_ATTR_DQ:
        want = '"';
        break;
    case ST_ATTR_SQ:
        want = '\'';
        break;
    case ST_BOGUS:
        want = '>';
        break;
    case ST_PLAINTEXT:
        return len;
    default:
        return i;
    }
    hit = memchr(buf + i, want, len - i);
    return hit ? (apr_size_t)(hit - buf) : len;
}

void gik_bodyend_feed(gik_bodyend *s, const char *buf, apr_size_t len)
{
    apr_size_t i;

    for (i = 0; i < len; i++) {
        char c;
        apr_off_t at;

        /* Most bytes only wait for one byte: jump to it (memchr), instead
         * of a turn of the state machine per byte (the filter feeds every
         * byte of every page here, cached or not). */
        i = skip_to(s, buf, i, len);
        if (i == len) {
            break;
        }
        c = buf[i];
        at = s->offset + (apr_off_t)i;
        switch (s->state) {
        case ST_DATA:
            if (c == '<') {
                s->state = ST_TAG_OPEN;
                s->tag_start = at;
            }
            break;
        case ST_TAG_OPEN:
            s->name_len = 0;
            s->name[0] = '\0';
            s->matched = 0;
            if (c == '/') {
                s->is_end_tag = 1;
                s->state = ST_END_NAME;
            }
            else if (c == '!') {
                s->state = ST_DECL;
            }
            else if (c == '?') {
                s->state = ST_BOGUS;
            }
            else if (is_alpha(c)) {
                s->is_end_tag = 0;
                name_add(s, c);
                s->state = ST_START_NAME;
            }
            else if (c != '<') {
                s->state = ST_DATA;     /* "a < b": not a tag */
            }
            else {
                s->tag_start = at;      /* "<<": the second one may start a tag */
            }
            break;
        case ST_START_NAME:
        case ST_END_NAME:
            if (c == '>') {
                if (s->name_len == 0) {
                    s->state = ST_DATA;  /* "</>" is nothing */
                }
                else {
                    tag_done(s, at);
                }
            }
            else if (is_space(c) || c == '/') {
                s->state = (s->name_len == 0) ? ST_BOGUS : ST_IN_TAG;
            }
            else if (s->state == ST_END_NAME && s->name_len == 0 && !is_alpha(c)) {
                s->state = ST_BOGUS;    /* "</3": a bogus comment to the next '>' */
            }
            else {
                name_add(s, c);
            }
            break;
        case ST_IN_TAG:
            if (c == '>') {
                tag_done(s, at);
            }
            else if (c == '"') {
                s->state = ST_ATTR_DQ;
            }
            else if (c == '\'') {
                s->state = ST_ATTR_SQ;
            }
            break;
        case ST_ATTR_DQ:
            if (c == '"') {
                s->state = ST_IN_TAG;
            }
            break;
        case ST_ATTR_SQ:
            if (c == '\'') {
                s->state = ST_IN_TAG;
            }
            break;
        case ST_DECL:
            /* matched counts the '-' of "<!--" */
            if (c == '-' && ++s->matched == 2) {
                s->state = ST_COMMENT;
                s->matched = 0;
                s->comment_len = 0;
            }
            else if (c != '-') {
                s->state = (c == '>') ? ST_DATA : ST_BOGUS;
            }
            break;
        case ST_COMMENT:
            /* matched: number of '-' just seen (capped at 2) */
            if (c == '-') {
                if (s->matched < 2) {
                    s->matched++;
                }
            }
            else if (c == '>' && s->matched == 2) {
                s->state = ST_DATA;
                comment_done(s, at);
                break;
            }
            else {
                s->matched = 0;
            }
            if (s->comment_len < PLACEHOLDER_MAX) {
                s->comment[s->comment_len] = c;
            }
            s->comment_len++;
            break;
        case ST_BOGUS:
            if (c == '>') {
                s->state = ST_DATA;
            }
            break;
        case ST_RAWTEXT:
            rawtext_byte(s, c, at);
            break;
        case ST_PLAINTEXT:
            break;
        }
    }
    s->offset += (apr_off_t)len;
}

apr_off_t gik_bodyend_last(const gik_bodyend *s)
{
    return s->last;
}

/* A tag that may still become </body>: "<", "</", "</b", ... "</body",
 * or "</body" followed by space/attributes still waiting for its '>'. */
apr_off_t gik_bodyend_pending(const gik_bodyend *s)
{
    switch (s->state) {
    case ST_TAG_OPEN:
        return s->tag_start;
    case ST_END_NAME:
        if (s->name_len <= 4 && strncmp(s->name, "body", (size_t)s->name_len) == 0) {
            return s->tag_start;
        }
        return -1;
    case ST_IN_TAG:
    case ST_ATTR_DQ:
    case ST_ATTR_SQ:
        return (s->is_end_tag && name_is(s, "body")) ? s->tag_start : -1;
    default:
        return -1;
    }
}

apr_off_t gik_bodyend_placeholder(const gik_bodyend *s)
{
    return s->placeholder;
}

apr_off_t gik_bodyend_body_start(const gik_bodyend *s)
{
    return s->body_start;
}

apr_off_t gik_bodyend_offset(const gik_bodyend *s)
{
    return s->offset;
}
