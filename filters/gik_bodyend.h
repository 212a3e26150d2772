/*
 * gik_bodyend.h - finds where the badge goes: the '<' of the last real
 * </body> tag, scanning the page's bytes as they stream past.
 *
 * libxml2 cannot say where a tag was in the byte stream (it buffers, and it
 * invents a </body> when the page has none), so this is a small tokenizer of
 * its own, mod_include style: it knows comments, <script>, <style>,
 * <textarea>, <title> (and the other raw text elements), quoted attribute
 * values and bogus comments (<!...>, <?...>), so a "</body>" inside
 * any of those does not count.  State carries over between calls, so the
 * result does not depend on how the body is split.  It works on the raw bytes:
 * every charset the module supports is ASCII-compatible for '<', '/', letters.
 */
#ifndef GIK_BODYEND_H
#define GIK_BODYEND_H

#include <apr_pools.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gik_bodyend gik_bodyend;

gik_bodyend *gik_bodyend_create(apr_pool_t *p);
/* Scans the next len bytes; offsets continue from the previous call. */
void gik_bodyend_feed(gik_bodyend *s, const char *buf, apr_size_t len);
/* Offset of the '<' of the last complete </body> seen so far, or -1. */
apr_off_t gik_bodyend_last(const gik_bodyend *s);
/* Offset of the '<' of a tag that may still turn out to be </body> (the fed
 * data ends inside it), or -1.  A streaming filter holds back from here. */
apr_off_t gik_bodyend_pending(const gik_bodyend *s);
/* Offset just past the '>' of the first <body ...> start tag, or -1: where
 * GikReportBadge top puts the badge. */
apr_off_t gik_bodyend_body_start(const gik_bodyend *s);
/* Offset just past the "-->" of the first <!--gikreport--> comment (spaces
 * around the word allowed), or -1: where a CMS template asks for the badge.
 * Like </body>, not inside script, style, another comment or an attribute. */
apr_off_t gik_bodyend_placeholder(const gik_bodyend *s);
/* Bytes scanned so far. */
apr_off_t gik_bodyend_offset(const gik_bodyend *s);

#ifdef __cplusplus
}
#endif
#endif /* GIK_BODYEND_H */
