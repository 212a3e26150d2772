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
    int name_len;            /* NAME_MAX_LEN + 1: longer, matches nothing */
    int matched;             /* progress through "<!--", "-->" or
                                the raw text end tag "</name" */
    char raw_end[NAME_MAX_LEN + 1]; /* element whose raw text we are in */
    int raw_len;
    char comment[PLACEHOLDER_MAX + 1]; /* the first bytes of the comment being read */
    int comment_len;         /* PLACEHOLDER_MAX + 1: longer, no placeholder */
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
    /* by length too: a NUL byte in a name ("body\0") ends the C string,
     * not the name */
    return (apr_size_t)s->name_len == strlen(what) && memcmp(s->name, what, s->name_len) == 0;
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

/* Bytes that end a stretch the scanner can skip whole (the rest of a
 * state's bytes change nothing): in a tag outside quotes, a quote opens a
 * value and '>' ends it; a tag name ends at space, '/' or '>'. */
static const unsigned char ends_in_tag[256] = { ['>'] = 1, ['"'] = 1, ['\''] = 1 };
static const unsigned char ends_name[256] = {
    ['>'] = 1, ['/'] = 1, [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1
};

/* Adds the name bytes [p, e) to the tag name: the first NAME_MAX_LEN
 * lower-cased, the length capped one past that ("too long: no name we
 * know"), so a name of any length cannot overflow the count. */
static void name_add_run(gik_bodyend *s, const unsigned char *p, const unsigned char *e)
{
    while (p < e && s->name_len < NAME_MAX_LEN) {
        s->name[s->name_len++] = lower((char)*p++);
    }
    s->name[s->name_len < NAME_MAX_LEN ? s->name_len : NAME_MAX_LEN] = '\0';
    if (p < e) {
        s->name_len = NAME_MAX_LEN + 1;
    }
}

/* The first NAME_MAX_LEN bytes of a comment are kept (a placeholder is
 * shorter); past that only "longer than a placeholder" matters. */
static void comment_add_run(gik_bodyend *s, const unsigned char *p, apr_size_t n)
{
    if (s->comment_len < PLACEHOLDER_MAX) {
        apr_size_t room = (apr_size_t)(PLACEHOLDER_MAX - s->comment_len);
        memcpy(s->comment + s->comment_len, p, n < room ? n : room);
    }
    s->comment_len = (n > (apr_size_t)(PLACEHOLDER_MAX + 1 - s->comment_len))
                     ? PLACEHOLDER_MAX + 1 : s->comment_len + (int)n;
}

/* One byte at a decision point: the byte after '<', after "<!", the byte
 * that ends a tag name or is special inside a tag or comment. */
static void decide(gik_bodyend *s, char c, apr_off_t at)
{
    switch (s->state) {
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
            name_add_run(s, (const unsigned char *)&c, (const unsigned char *)&c + 1);
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
            name_add_run(s, (const unsigned char *)&c, (const unsigned char *)&c + 1);
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
        comment_add_run(s, (const unsigned char *)&c, 1);
        break;
    case ST_RAWTEXT:
        rawtext_byte(s, c, at);
        break;
    default:
        break;
    }
}

static const unsigned char first_of_name_that_matters[256] = {
    ['b'] = 1, ['h'] = 1, ['p'] = 1, ['s'] = 1, ['t'] = 1, ['x'] = 1, ['i'] = 1, ['n'] = 1,
    ['B'] = 1, ['H'] = 1, ['P'] = 1, ['S'] = 1, ['T'] = 1, ['X'] = 1, ['I'] = 1, ['N'] = 1
};

/* Whether a tag name (its bytes as written) is one that tag_done acts on:
 * body, head, plaintext or a raw text element.  Everything else (div, a,
 * td, span, li: nearly every tag of a page) changes nothing. */
static int name_matters(const unsigned char *name, apr_size_t len)
{
    char low[9];
    apr_size_t i;

    if (len < 3 || len > 9 || !first_of_name_that_matters[name[0]]) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        low[i] = lower((char)name[i]);
    }
    switch (len) {
    case 3:
        return !memcmp(low, "xmp", 3);
    case 4:
        return !memcmp(low, "body", 4) || !memcmp(low, "head", 4);
    case 5:
        return !memcmp(low, "style", 5) || !memcmp(low, "title", 5);
    case 6:
        return !memcmp(low, "script", 6) || !memcmp(low, "iframe", 6);
    case 7:
        return !memcmp(low, "noembed", 7);
    case 8:
        return !memcmp(low, "textarea", 8) || !memcmp(low, "noframes", 8);
    default:
        return !memcmp(low, "plaintext", 9);
    }
}

/* lt is a '<' in text.  When a start or end tag begins there, ends before
 * e, and is not one that matters, returns the byte after its '>' -- exactly
 * where the state machine would be back in ST_DATA with nothing else
 * changed; otherwise NULL, and the state machine reads it byte by byte. */
static const unsigned char *skip_plain_tag(const unsigned char *lt, const unsigned char *e)
{
    const unsigned char *q = lt + 1, *name;

    if (q < e && *q == '/') {
        q++;
    }
    if (q >= e || !is_alpha((char)*q)) {
        return NULL;        /* a comment, "<!", "<?", "a < b": not here */
    }
    for (name = q; q < e && !ends_name[*q]; q++) {
    }
    if (q == e || name_matters(name, (apr_size_t)(q - name))) {
        return NULL;
    }
    /* the rest of the tag, as ST_IN_TAG reads it: a quote opens a value
     * that may hold '>' */
    for (; q < e; q++) {
        if (!ends_in_tag[*q]) {
            continue;
        }
        if (*q == '>') {
            return q + 1;
        }
        else {
            q = memchr(q + 1, *q, (apr_size_t)(e - q - 1));
            if (!q) {
                return NULL;
            }
        }
    }
    return NULL;
}

/* The first '<' at or after p in text that the state machine must read
 * (a tag that matters, a comment, a tag running past e), or e. */
static const unsigned char *data_end(const unsigned char *p, const unsigned char *e)
{
    const unsigned char *after;

    while (p < e) {
        if (*p != '<' && !(p = memchr(p, '<', (apr_size_t)(e - p)))) {
            return e;
        }
        if (!(after = skip_plain_tag(p, e))) {
            return p;
        }
        p = after;
    }
    return e;
}

/* The first byte at or after p that ends the stretch of the current state,
 * or e: most bytes of a page only wait for one byte ('<' in text, the
 * closing quote of a value, "-" in a comment, '<' in a script), found by
 * memchr or a table instead of a turn of the state machine each (the
 * filter feeds every byte of every page here, cached or not). */
static const unsigned char *stretch_end(gik_bodyend *s, const unsigned char *p,
                                        const unsigned char *e)
{
    const unsigned char *hit, *q;
    int want;

    switch (s->state) {
    case ST_DATA:
        return data_end(p, e);
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
        return e;
    case ST_RAWTEXT:
        if (s->matched) {
            return p;           /* inside a possible end tag: byte by byte */
        }
        want = '<';
        break;
    case ST_COMMENT:
        if (s->matched) {
            return p;
        }
        hit = memchr(p, '-', (apr_size_t)(e - p));
        q = hit ? hit : e;
        comment_add_run(s, p, (apr_size_t)(q - p));
        return q;
    case ST_IN_TAG:
        for (q = p; q < e && !ends_in_tag[*q]; q++) {
        }
        return q;
    case ST_START_NAME:
    case ST_END_NAME:
        if (s->name_len == 0) {
            return p;           /* "</" + its first byte decides */
        }
        for (q = p; q < e && !ends_name[*q]; q++) {
        }
        name_add_run(s, p, q);
        return q;
    default:
        return p;
    }
    if (p < e && *p == want) {
        return p;               /* "><": no call for nothing */
    }
    hit = memchr(p, want, (apr_size_t)(e - p));
    return hit ? hit : e;
}

void gik_bodyend_feed(gik_bodyend *s, const char *buf, apr_size_t len)
{
    const unsigned char *p = (const unsigned char *)buf, *e = p + len;

    while ((p = stretch_end(s, p, e)) < e) {
        apr_off_t at = s->offset + (p - (const unsigned char *)buf);

        switch (s->state) {
        case ST_DATA:
            s->state = ST_TAG_OPEN;
            s->tag_start = at;
            break;
        case ST_ATTR_DQ:
        case ST_ATTR_SQ:
            s->state = ST_IN_TAG;
            break;
        case ST_BOGUS:
            s->state = ST_DATA;
            break;
        default:
            decide(s, (char)*p, at);
            break;
        }
        p++;
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
