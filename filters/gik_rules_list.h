/*
 * gik_rules_list.h - every rule, once: its id, default severity, one line
 * saying what it finds, and the function that checks it (NULL: the
 * recogniser reports it while it reads).  In the order the rules run.
 *
 * The list is expanded twice: gik_rules.c builds the public registry
 * gik_rules[] from it, and gik_rules_util.c the table of default
 * severities the rule functions look up, so the rule files need not call
 * back into the registry that calls them.
 */
#ifndef GIK_RULES_LIST_H
#define GIK_RULES_LIST_H

/* X(id, default severity, what, check) */
#define GIK_RULE_LIST(X) \
    X("CELL-INVALID", GIK_SEV_ERROR, \
      "a count that is missing, negative, fractional or unreadable (recogniser)", NULL) \
    X("ROW-OMITTED", GIK_SEV_WARNING, \
      "a table-A row left out of the printed table; its cells are null (recogniser)", NULL) \
    X("CELL-BLANK", GIK_SEV_WARNING, \
      "a count printed blank or as a dash, read as 0 (recogniser)", NULL) \
    X("LABEL-MISMATCH", GIK_SEV_WARNING, \
      "a row or column label recognised only approximately, or a header missing (recogniser)", \
      NULL) \
    X("LAYOUT-SHIFT", GIK_SEV_WARNING, \
      "a row's cells are shifted against the table header (recogniser)", NULL) \
    X("CELL-JOINED", GIK_SEV_WARNING, \
      "a row's digits ran together with no separator and admit more than one reading: its " \
      "cells are null (recogniser)", NULL) \
    X("ROW-MERGED", GIK_SEV_WARNING, \
      "2021 table B prints （六）其他处理 as one row: read as B.other, its three sub-rows null " \
      "(recogniser)", NULL) \
    X("CHARSET-MISMATCH", GIK_SEV_ERROR, \
      "the charset the page declares (header, BOM, <meta>) is contradicted by its bytes: " \
      "readers see mojibake; it was read by its bytes (decoder)", NULL) \
    X("CHARSET-UNDECLARED", GIK_SEV_WARNING, \
      "non-ASCII UTF-8 with no charset declared: browsers show it as windows-1252 (decoder)", \
      NULL) \
    X("PDF-UNREADABLE", GIK_SEV_ERROR, \
      "a PDF that cannot be read: no text layer (a scan), a password, damage, or larger than " \
      "the byte limit; status none (PDF reader)", NULL) \
    X("FORMAT-VERSION", GIK_SEV_ERROR, \
      "a report for 2021 or later in the 2019 layout, or the reverse", gik_rule_format_version) \
    X("B-BALANCE", GIK_SEV_ERROR, \
      "table B, every column: new + carried_over = outcome_total + carried_forward", \
      gik_rule_b_balance) \
    X("B-OUTCOME-SUM", GIK_SEV_ERROR, \
      "table B, every column: outcome_total = the sum of the outcome rows", gik_rule_b_outcome_sum) \
    X("B-COLUMN-SUM", GIK_SEV_ERROR, \
      "table B, every row: total = the sum of the six applicant columns", gik_rule_b_column_sum) \
    X("C-SUM", GIK_SEV_ERROR, \
      "table C, every row: total = upheld + corrected + other + pending", gik_rule_c_sum) \
    X("A-IN-FORCE", GIK_SEV_ERROR, \
      "table A: documents in force >= issued - repealed (2019: published total >= new)", \
      gik_rule_a_in_force) \
    X("SECTION-MISSING", GIK_SEV_ERROR, \
      "one of the six sections 一…六 is missing", gik_rule_section_missing) \
    X("SECTION-ORDER", GIK_SEV_WARNING, \
      "the six sections are not in the order 一…六", gik_rule_section_order) \
    X("HEADING-STYLE", GIK_SEV_WARNING, \
      "a section numbered off the format (3、 for 三、) or misprinted, or a non-standard report " \
      "title", \
      gik_rule_heading_style) \
    X("TEXT-TABLE", GIK_SEV_ERROR, \
      "a number the narrative states about applications matches no reading of table B " \
      "(a warning when only a looser reading holds)", gik_rule_text_table) \
    X("REVIEW-TEXT", GIK_SEV_ERROR, \
      "the narrative about review and litigation matches no reading of table C " \
      "(a warning when only a looser reading holds)", gik_rule_review_text) \
    X("YEAR-MISMATCH", GIK_SEV_ERROR, \
      "the report year disagrees with the year the body speaks of", gik_rule_year_mismatch) \
    X("LATE", GIK_SEV_WARNING, \
      "signed or published after the deadline for the kind of body", gik_rule_late) \
    X("FEE-STATEMENT", GIK_SEV_WARNING, \
      "2021 format: section 六 says nothing about 信息处理费", gik_rule_fee_statement) \
    X("ARTIFACT", GIK_SEV_WARNING, \
      "conversion debris in the text: [bookmark: …], Latin words inside Chinese sentences", \
      gik_rule_artifact) \
    X("PREV-YEAR", GIK_SEV_ERROR, \
      "carried_over differs from carried_forward of the previous year's report", \
      gik_rule_prev_year) \
    X("BOILERPLATE", GIK_SEV_WARNING, \
      "the narrative describes handling applications while table B counts none", \
      gik_rule_boilerplate) \
    X("ACCOUNTABILITY", GIK_SEV_WARNING, \
      "a government's report gives no result of 责任追究 (work review, public appraisal, " \
      "accountability)", gik_rule_accountability) \
    X("RECTIFICATION", GIK_SEV_INFO, \
      "section 五 says nothing about fixing the previous year's problems", \
      gik_rule_rectification) \
    X("TOWNSHIP-REGULATIONS", GIK_SEV_WARNING, \
      "a township or street office reports 规章, which it cannot make", \
      gik_rule_township_regulations) \
    X("COPY-PREV-YEAR", GIK_SEV_WARNING, \
      "the narrative is nearly identical to the previous year's report", \
      gik_rule_copy_prev_year)

#endif /* GIK_RULES_LIST_H */
