/*
 * gik_labels.h - the label catalogue: every word the three tables print
 * (row and column labels, their known misprints, category and header
 * words), folded once per process, and how a printed label is matched
 * against it.  Used by the recogniser's table stage and its repairs.
 */
#ifndef GIK_LABELS_H
#define GIK_LABELS_H

#include "gik_report.h"

/* How a printed label matched a template label. */
typedef enum {
    GIK_MATCH_NONE = 0,
    GIK_MATCH_EXACT,           /* equal once folded (numbering style aside) */
    GIK_MATCH_APPROX           /* alias, misspelling or truncation: LABEL-MISMATCH */
} gik_match;

typedef enum {
    GIK_LABEL_ROW = 1,
    GIK_LABEL_ALIAS = 2,       /* another printing of a row label (LABEL-MISMATCH) */
    GIK_LABEL_COLUMN = 4,
    GIK_LABEL_CATEGORY = 8,    /* （三）不予公开 …, 三、本年度办理结果 */
    GIK_LABEL_HEADER_WORD = 16 /* 信息内容, 申请人情况, 行政复议 … */
} gik_label_kind;

typedef struct gik_label_entry {
    const char *label;         /* as in the template */
    const char *fold;          /* folded */
    const char *body;          /* folded, numbering removed */
    int chars;                 /* characters in body */
    apr_size_t len;            /* bytes in body */
    int limit;                 /* edit distance still recognised */
    gik_label_kind kind;
    gik_table_id table;
    const gik_format *format;  /* NULL for categories and header words */
    int row;                   /* ROW/ALIAS: row index in its template */
    int col;                   /* COLUMN: column index in its template */
} gik_label_entry;

/* Best match of norm among the catalogue entries of the given kinds, table
 * (-1 for all) and format (NULL for both); approximate matches only when
 * fuzzy is set. */
gik_match gik_labels_find(const char *norm, unsigned kinds, int table,
                          const gik_format *format, int fuzzy, const gik_label_entry **hit);

/* What gik_labels_find works out about norm before it looks at the
 * catalogue (its body, hash bucket, length in characters, first and last
 * character), kept for a cell that is looked up many times: a header cell
 * is asked for columns and header words of three tables.  norm must stay
 * unchanged while the key is used. */
typedef struct gik_label_key {
    const char *norm;
    const char *body;
    unsigned bucket;
    apr_size_t before_paren;   /* bytes before the first '(', or all */
    int nchars;                /* -1 until the approximate step needs it */
    apr_size_t nlen;
    long first;
    const char *last;
    apr_uint32_t last_packed;  /* gik_label_pack_last(last) */
    int cp[64];                /* body's code points, ncp of them (-1: more) */
    int ncp;
} gik_label_key;

void gik_label_key_init(gik_label_key *key, const char *norm);
/* The bytes of s (the last character of a label) in one word, for comparing
 * last characters without strcmp: 0 when s is empty or longer than 4 bytes
 * (compare those with strcmp). */
apr_uint32_t gik_label_pack_last(const char *s);
gik_match gik_labels_find_key(gik_label_key *key, unsigned kinds, int table,
                              const gik_format *format, int fuzzy,
                              const gik_label_entry **hit);

/* Past this many text cells on a page, only exact label matches are tried:
 * no report prints more, and a page of a million cells must stay fast. */
#define GIK_MAX_FUZZY_CELLS 4000

/* Builds the catalogue: once per process, from gik_init(). */
void gik_labels_init(void);

/* How norm (folded) matches one template label: exactly (numbering style
 * aside), approximately, or not at all. */
gik_match gik_match_label(const char *norm, const char *template_label);
/* Folded label minus its numbering: "(三)不予公开" -> "不予公开",
 * "一.本年新收…" -> "本年新收…", "1.属于国家秘密" -> "属于国家秘密". */
const char *gik_label_body(const char *norm);

#endif /* GIK_LABELS_H */
