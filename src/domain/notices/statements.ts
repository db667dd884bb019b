/** 陈述 during a 公示: PDF files one statement may carry. */
export const MAX_STATEMENT_FILES = 5;

/** 陈述 text, characters. */
export const STATEMENT_TEXT_MAX = 5000;
