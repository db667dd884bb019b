/** 陈述 during a 公示: PDF files one statement may carry. */
export const MAX_STATEMENT_FILES = 5;

/** 陈述 text, characters. */
export const STATEMENT_TEXT_MAX = 5000;

/** How a 陈述 was answered: the review opinion stands, or the case goes back to 审查. */
export const STATEMENT_OUTCOME_LABELS = { kept: '维持原审查意见', returned: '退回审查（重新审查后需重新公示）' } as const;
export type StatementOutcomeKey = keyof typeof STATEMENT_OUTCOME_LABELS;
