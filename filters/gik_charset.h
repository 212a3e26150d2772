/*
 * gik_charset.h - what gik_charset.c (labels, <meta> prescan) shares with
 * the decoder: the canonical charset names, compared by pointer.
 * gik_charset_canonical() is in gik_parser.h, gik_charset_from_meta() in gik_decode.h.
 */
#ifndef GIK_CHARSET_H
#define GIK_CHARSET_H

#define GIK_SNIFF_MAX 1024    /* WHATWG prescan window: where a <meta> counts */

extern const char gik_cs_gb18030[];
extern const char gik_cs_utf8[];
extern const char gik_cs_1252[];
extern const char gik_cs_big5[];
extern const char gik_cs_utf16le[];
extern const char gik_cs_utf16be[];
/* Short names for the canonical names: gik_charset_canonical() returns these
 * very pointers, so the decoder compares them by address. */
#define CS_GB18030 gik_cs_gb18030
#define CS_UTF8    gik_cs_utf8
#define CS_1252    gik_cs_1252
#define CS_BIG5    gik_cs_big5
#define CS_UTF16LE gik_cs_utf16le
#define CS_UTF16BE gik_cs_utf16be

/* cs is one of the two UTF-16 names. */
int gik_charset_is_utf16(const char *cs);

#endif /* GIK_CHARSET_H */
