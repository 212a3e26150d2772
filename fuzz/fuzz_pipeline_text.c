/*
 * fuzz_pipeline_text.c - the whole pipeline on input taken as plain text
 * (GIK_INPUT_TEXT: PDF/Word extractions), then JSON, CSV and badge.
 * Input layout: see fuzz_common.h.
 */
#define FUZZ_INPUT_KIND GIK_INPUT_TEXT
#include "fuzz_pipeline_html.c"
