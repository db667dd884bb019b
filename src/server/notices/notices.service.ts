/**
 * The notices area as one service: 公示/公告 batches (notice-batches.service.ts), 陈述
 * (statements.service.ts) and the 公示 period job (notice-periods.job.ts), built from the same
 * dependencies. SQL lives in notices.repository.ts.
 */
import type { Kysely } from 'kysely';
import type { PdfInspector } from '../attachments/pdf-inspect.ts';
import type { Audit } from '../audit/audit.service.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { CaseEffects } from '../cases/case-effects.ts';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import type { DocumentsService } from '../documents/documents.service.ts';
import { createNoticeBatchesService } from './notice-batches.service.ts';
import { createNoticePeriodsJob } from './notice-periods.job.ts';
import { createStatementsService } from './statements.service.ts';

export type { BatchInput } from './notice-batches.service.ts';
export { MAX_STATEMENT_FILES, type StatementPart } from './statements.service.ts';

export function createNoticesService(deps: {
  db: Kysely<DB>;
  audit: Audit;
  clock: Clock;
  calendar: CalendarService;
  effects: CaseEffects;
  documents: DocumentsService;
  blobs: BlobStore;
  inspector: PdfInspector;
  maxUploadBytes: number;
}) {
  return {
    ...createNoticeBatchesService(deps),
    ...createStatementsService(deps),
    ...createNoticePeriodsJob(deps),
  };
}

export type NoticesService = ReturnType<typeof createNoticesService>;
