/** The answer of the register import (shared by the server and the import page). */

export interface ImportProblem {
  /** Row number as the spreadsheet shows it (the header is usually row 1). */
  row: number;
  /** Column letter (A, B …), when the problem is in one cell. */
  column: string | null;
  /** The column's header as written in the file. */
  header: string | null;
  message: string;
}

export interface ImportReport {
  fileName: string;
  dryRun: boolean;
  /** Non-blank data rows in the file. */
  rows: number;
  /** Certificates written (0 on a dry run or when any row is bad). */
  imported: number;
  /** Problems, at most IMPORT_LIMITS.maxListedProblems of them, by row. */
  problems: ImportProblem[];
  problemCount: number;
  /** Rows with at least one problem. */
  badRows: number;
  /** Certificates per item (of the rows without problems). */
  items: { title: string; count: number }[];
}
