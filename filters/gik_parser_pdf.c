/*
 * gik_parser_pdf.c - the pipeline's PDF branch: the whole file through
 * gik_pdf_read_child() (or, without a helper, gik_pdf_read()) into the
 * recogniser, and, when it cannot be read, a finding that says why instead
 * of a guess.
 *
 * An unreadable PDF is neither "not a report" (we cannot know) nor a pass:
 * rep->unreadable makes the status "none" and the tool exit 3.
 */
#include <string.h>
#include <apr_strings.h>
#include "gik_pdf.h"
#include "gik_recognise.h"
#include "gik_report.h"

typedef struct unreadable_text {
    const char *code, *zh, *en;
} unreadable_text;

static const unreadable_text texts[] = {
    { "damaged", "PDF 文件已损坏或不完整，无法打开，未作检查。",
      "The PDF is damaged or incomplete and cannot be opened; it was not checked." },
    { "encrypted", "PDF 文件需要密码才能打开，无法读取，未作检查。",
      "The PDF needs a password to open; it was not read or checked." },
    { "no-text", "PDF 文件没有文字层（可能是扫描件），无法读取表格和文字，未作检查；"
                 "请发布带文字的 PDF 或网页版本。",
      "The PDF has no text layer (a scanned document?): its tables and text cannot be "
      "read, so it was not checked. Publish a PDF with text, or an HTML version." },
    { "no-pages", "PDF 文件没有页面，未作检查。",
      "The PDF has no pages; it was not checked." },
    { "time", "PDF 文件读取超时（可能是恶意构造的文件），未作检查。",
      "Reading the PDF took too long (a hostile file?); it was not checked." },
    { "memory", "PDF 文件读取所需内存超过上限（可能是恶意构造的文件），未作检查。",
      "Reading the PDF needed more memory than allowed (a hostile file?); it was not "
      "checked." },
    { "failed", "PDF 文件读取程序未能完成（文件可能已损坏或是恶意构造的），未作检查。",
      "The PDF reader could not finish (a damaged or hostile file?); it was not checked." },
    { "busy", "服务器繁忙，本次未能读取 PDF 文件，未作检查，稍后再次访问时会检查。",
      "The server was too busy to read the PDF now (too many PDFs at once, or a loaded "
      "machine); it was not checked now, and will be on a later request." },
    { "too-large", "PDF 文件超过读取上限，只有读完整个文件才能读取 PDF，未作检查。",
      "The PDF is larger than the byte limit, and a PDF can only be read whole; it was "
      "not checked." },
};

static void say_unreadable(gik_report *rep, const char *code, const char *detail)
{
    apr_size_t i;
    gik_finding *f = gik_finding_add(rep, "PDF-UNREADABLE", GIK_SEV_ERROR);
    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        if (!strcmp(texts[i].code, code)) {
            break;
        }
    }
    rep->unreadable = code;
    f->message = texts[i].zh;
    f->message_en = detail ? apr_pstrcat(rep->pool, texts[i].en, " (", detail, ")", NULL)
                           : texts[i].en;
}

void gik_parser_read_pdf(apr_pool_t *p, gik_report *rep, gik_recogniser *rc,
                         const char *buf, apr_size_t len, int cut,
                         const gik_pdf_helper *helper)
{
    static const char *const codes[] = { NULL, "damaged", "encrypted", "no-text", "no-pages",
                                         "time", "memory", "failed", "busy" };
    gik_pdf_result res;

    if (cut) {
        /* poppler could often open a cut file from its trailing xref-less
         * objects, but the pages it would show are not the whole report */
        say_unreadable(rep, "too-large", NULL);
        return;
    }
    if (helper) {
        gik_pdf_read_child(p, buf, len, helper, NULL, gik_recognise_token, rc, &res);
    }
    else {
        gik_pdf_read(p, buf, len, NULL, gik_recognise_token, rc, &res);
    }
    if (res.status != GIK_PDF_OK) {
        say_unreadable(rep, codes[res.status], res.detail);
    }
    else if (res.partial_reason) {
        rep->partial = 1;
        rep->partial_reason = res.partial_reason;
    }
}
