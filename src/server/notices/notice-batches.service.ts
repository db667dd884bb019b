/**
 * 公示 and 公告 batches for the publisher: the cases waiting, a preview, publishing (numbering,
 * entries and every case's step in one transaction) and the batches published.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { chineseDate, shanghaiDateOf } from '../../domain/calendar/index.ts';
import { findItem } from '../../domain/items/index.ts';
import { isNoticePeriodDays, NOTICE_PERIOD_DAYS, noticePeriod } from '../../domain/notices/period.ts';
import type { StaffRole } from '../../domain/roles.ts';
import type { Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import { requireRole } from '../auth/staff-roles.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { CaseEffects } from '../cases/case-effects.ts';
import { applyTransition, caseHistory } from '../cases/case-transition.ts';
import type { Clock } from '../clock.ts';
import { nextCounter } from '../db/counters.ts';
import type { Application, DB, NoticeKind } from '../db/schema.ts';
import { isUuid } from '../db/sql-helpers.ts';
import type { DocumentsService } from '../documents/documents.service.ts';
import { appError } from '../errors.ts';
import { categoryLabel, decisionOf, noticeEntryOf, type EntryFacts } from './notice-entries.ts';
import { findBatch, findLatestEntry, insertBatch, insertEntries, lastBatchSeq, listBatchEntries, listOpenCases, listRecentBatches } from './notices.repository.ts';

/** 公示, 公告 and 陈述 are the publisher's work. */
export const PUBLISHERS: readonly StaffRole[] = ['publisher'];
const SOURCE_NODE: Record<NoticeKind, string> = { notice: 'pre-notice', announcement: 'announce' };

export interface BatchInput {
  kind: NoticeKind;
  applicationIds: string[];
  title?: string;
  body?: string;
  periodDays?: number;
}

interface PlannedEntry {
  application: Application;
  action: string;
  entry: EntryFacts;
}

export function createNoticeBatchesService(deps: {
  db: Kysely<DB>;
  audit: Audit;
  clock: Clock;
  calendar: CalendarService;
  effects: CaseEffects;
  documents: DocumentsService;
}) {
  const { db, audit, clock, effects } = deps;
  const transitionDeps = { audit, effects };
  const today = () => shanghaiDateOf(clock.now());

  async function plan(executor: Kysely<DB>, kind: NoticeKind, applications: Application[]): Promise<PlannedEntry[]> {
    return Promise.all(
      applications.map(async (application) => {
        if (kind === 'notice') {
          return { application, action: 'publish', entry: noticeEntryOf(application, await caseHistory(executor, application.id)) };
        }
        const decision = decisionOf(application, await findLatestEntry(executor, application.id, 'notice'));
        return { application, action: decision.action, entry: decision.entry };
      }),
    );
  }

  /** Every case waiting for this kind, or exactly the cases named (each must still be waiting). */
  async function casesAt(executor: Kysely<DB>, kind: NoticeKind, ids?: readonly string[], forUpdate = false) {
    if (ids && (ids.length === 0 || ids.some((id) => !isUuid(id)))) throw appError('BATCH_SELECTION_EMPTY', { kind });
    const rows = await listOpenCases(executor, ids ? { ids } : { node: SOURCE_NODE[kind] }, { forUpdate });
    if (ids) {
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of ids) {
        const row = byId.get(id);
        if (!row) throw appError('CASE_NOT_FOUND');
        if (row.node !== SOURCE_NODE[kind]) throw appError('BATCH_CASE_NOT_WAITING', { number: row.number ?? '', kind, applicationId: row.id });
      }
    }
    return rows;
  }

  /** The cases named, in the order the publisher chose them. */
  async function chosenCases(executor: Kysely<DB>, input: BatchInput, forUpdate = false) {
    const order = new Map(input.applicationIds.map((id, i) => [id, i]));
    return (await casesAt(executor, input.kind, input.applicationIds, forUpdate)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  function defaults(kind: NoticeKind, input: BatchInput, year: number, seq: number, items: string[], period?: { startsOn: string; endsOn: string; days: number }) {
    const category = categoryLabel(items);
    const title =
      input.title?.trim() ||
      (kind === 'notice' ? `关于${year}年第${seq}批${category}审查意见的公示` : `关于${year}年第${seq}批${category}审批结果的公告`);
    const body =
      input.body?.trim() ||
      (kind === 'notice'
        ? `根据《中华人民共和国行政许可法》和《建设工程勘察设计资质管理规定》等规定，我委对申请${category}的申请材料进行了审查，现将审查意见予以公示（见下表）。\n公示期为${period!.days}个工作日（${chineseDate(period!.startsOn)}至${chineseDate(period!.endsOn)}）。`
        : `根据《中华人民共和国行政许可法》等规定，经审查和公示，现将${category}审批结果予以公告（见下表）。\n对决定不服的，可自知道该决定之日起六十日内向北京市人民政府申请行政复议，或者六个月内依法向人民法院提起行政诉讼。`);
    return { title, body };
  }

  async function periodFor(input: BatchInput, executor: Kysely<DB> = db) {
    const days = input.periodDays ?? NOTICE_PERIOD_DAYS;
    if (!isNoticePeriodDays(days)) {
      throw appError('NOTICE_PERIOD_OUT_OF_RANGE');
    }
    return noticePeriod(today(), days, await deps.calendar.current(executor));
  }

  function presentEntry(p: PlannedEntry) {
    return {
      applicationId: p.application.id,
      number: p.application.number,
      itemTitle: findItem(p.application.item)?.title ?? p.application.item,
      action: p.action,
      ...p.entry,
    };
  }

  async function batch(actor: Actor, id: string) {
    requireRole(actor, PUBLISHERS);
    if (!isUuid(id)) throw appError('BATCH_NOT_FOUND');
    const found = await findBatch(db, id);
    if (!found) throw appError('BATCH_NOT_FOUND');
    return { ...found, entries: await listBatchEntries(db, id) };
  }

  return {
    /** 待公示 / 待公告 with the line each case would get. */
    async candidates(actor: Actor, kind: NoticeKind) {
      requireRole(actor, PUBLISHERS);
      return (await plan(db, kind, await casesAt(db, kind))).map(presentEntry);
    },

    /** What publishing would produce, without writing anything. */
    async preview(actor: Actor, input: BatchInput) {
      requireRole(actor, PUBLISHERS);
      const cases = await chosenCases(db, input);
      const planned = await plan(db, input.kind, cases);
      const period = input.kind === 'notice' ? await periodFor(input) : undefined;
      const year = Number(today().slice(0, 4));
      const seq = (await lastBatchSeq(db, input.kind, year)) + 1;
      const text = defaults(input.kind, input, year, seq, planned.map((p) => p.application.item), period);
      return { kind: input.kind, ...text, period: period ?? null, entries: planned.map(presentEntry) };
    },

    /**
     * Publish a batch: one transaction numbers it, writes its entries and moves every case on
     * (拟公示 → 公示, or 公告 → 制证 / 办结), each with its event, audit row and messages.
     */
    async publish(actor: Actor, input: BatchInput) {
      const { account, roles } = requireRole(actor, PUBLISHERS);
      const now = clock.now();
      const batchId = randomUUID();
      const ids = await db.transaction().execute(async (tx) => {
        const cases = await chosenCases(tx, input, true);
        const planned = await plan(tx, input.kind, cases);
        const period = input.kind === 'notice' ? await periodFor(input, tx) : undefined;
        const year = Number(today().slice(0, 4));
        const seq = await nextCounter(tx, `batch-${input.kind}`, year);
        const text = defaults(input.kind, input, year, seq, cases.map((c) => c.item), period);
        await insertBatch(tx, {
          id: batchId,
          kind: input.kind,
          year,
          seq,
          title: text.title,
          body: text.body,
          periodDays: period?.days ?? null,
          startsOn: period?.startsOn ?? null,
          endsOn: period?.endsOn ?? null,
          entryCount: planned.length,
          publishedAt: now,
          publishedBy: account.id,
        });
        await insertEntries(
          tx,
          planned.map((p, i) => ({ batchId, applicationId: p.application.id, position: i + 1, ...p.entry })),
        );
        for (const p of planned) {
          await applyTransition(tx, transitionDeps, p.application, {
            action: p.action,
            version: p.application.version,
            ...(p.action === 'publish-refusal' ? { opinion: p.entry.reason || '经审查和公示，不符合法定条件、标准。' } : {}),
            ...(period ? { periodEndsOn: period.endsOn } : {}),
            actor,
            roles,
            now,
          });
        }
        await audit.record(
          { action: `${input.kind}.publish`, actorAccountId: account.id, objectType: 'notice_batch', objectId: batchId, actor, details: { title: text.title, cases: planned.length } },
          tx,
        );
        return cases.map((c) => c.id);
      });
      for (const id of ids) await deps.documents.materializePending(id);
      return batch(actor, batchId);
    },

    async batches(actor: Actor, kind?: NoticeKind) {
      requireRole(actor, PUBLISHERS);
      return listRecentBatches(db, kind);
    },

    batch,
  };
}
