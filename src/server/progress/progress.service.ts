import type { Kysely } from 'kysely';
import { findApplicationType, findItem } from '../../domain/items/index.ts';
import { validateMobile, validateNameText, validatePhone, validatePostalCode } from '../../domain/identifiers/index.ts';
import { getVariant, pathOf, publicationsOf, stageOf, trackOf, type CaseEventInput } from '../../domain/workflow/index.ts';
import { requireAccount, type Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Application, CollectionMethod, DB } from '../db/schema.ts';
import { appError, type FieldError } from '../errors.ts';
import { caseHistories, caseHistory } from '../cases/case-transition.ts';
import type { createCaseDeadlines } from '../cases/case-deadlines.ts';
import { CERTIFICATE_KINDS, type DocumentKind } from '../documents/document-content.ts';
import type { DocumentSummary, DocumentsService } from '../documents/documents.service.ts';
import { isUuid } from '../db/sql-helpers.ts';
import { findOwnApplication } from '../applications/applications.reads.ts';
import { specialProcedureDays } from '../cases/cases.reads.ts';
import { approvedExtensions } from '../extensions/extensions.reads.ts';
import { findResultCollection, listIssuedDocuments, listOwnCases, saveResultCollection, type ProgressRow } from './progress.repository.ts';


export interface CollectionInput {
  method: CollectionMethod;
  recipient: string;
  phone: string;
  address?: string;
  postalCode?: string;
}

type Deadlines = ReturnType<typeof createCaseDeadlines>;

/** What the applicant can do with a case now, for the buttons of 办事进度. */
export type ProgressAction =
  | { key: 'continue' }
  | { key: 'track' }
  | { key: 'correct' }
  | { key: 'acceptance'; documentId: string }
  | { key: 'notice' }
  | { key: 'collect' };

/** 办事进度 and 流程跟踪 for applicants, their documents and 结果领取; every query scoped to the owner. */
export function createProgressService(deps: { db: Kysely<DB>; audit: Audit; clock: Clock; documents: DocumentsService; deadlines: Deadlines }) {
  const { db, documents, deadlines } = deps;

  async function ownCase(actor: Actor, id: string): Promise<Application> {
    const a = requireAccount(actor);
    if (!isUuid(id)) throw appError('APPLICATION_NOT_FOUND');
    const row = await findOwnApplication(db, a.id, id);
    if (!row || row.status === 'draft') throw appError('APPLICATION_NOT_FOUND');
    return row;
  }

  function labels(application: ProgressRow) {
    const item = findItem(application.item);
    return {
      itemTitle: item?.title ?? application.item,
      applicationTypeLabel: (item && application.applicationType && findApplicationType(item, application.applicationType)?.label) || null,
    };
  }

  function actionsOf(application: ProgressRow, docs: readonly DocumentSummary[]): ProgressAction[] {
    if (application.status === 'draft') return [{ key: 'continue' }];
    const out: ProgressAction[] = [{ key: 'track' }];
    if (application.status === 'correction') out.push({ key: 'correct' });
    const acceptance = docs.find((d) => d.kind === 'acceptance');
    if (acceptance) out.push({ key: 'acceptance', documentId: acceptance.id });
    if (application.node === 'notice') out.push({ key: 'notice' });
    if (docs.some((d) => CERTIFICATE_KINDS.has(d.kind as DocumentKind) && d.status === 'valid')) out.push({ key: 'collect' });
    return out;
  }

  async function deadlineOf(application: ProgressRow, history: CaseEventInput[]) {
    if (application.status === 'draft' || application.status === 'closed') return null;
    const nodeDue = await deadlines.nodeDeadline(application);
    return deadlines.caseDeadline(application, history, nodeDue?.deemedAccepted ?? false);
  }

  /** 补正期限: the last day to resubmit, and whether it has passed (视为撤回). */
  async function correctionDueOf(application: ProgressRow) {
    if (application.status !== 'correction') return null;
    const d = await deadlines.nodeDeadline(application);
    return d?.due ? { due: d.due, overdue: d.overdue, remainingDays: d.remainingDays, unpublishedYears: d.unpublishedYears } : null;
  }

  return {
    /** 办事进度: every application of the account, newest first, with status words and the buttons of now. */
    async list(actor: Actor) {
      const a = requireAccount(actor);
      const rows = await listOwnCases(db, a.id);
      const openRows = rows.filter((r) => r.status !== 'draft' && r.status !== 'closed');
      const docs = await listIssuedDocuments(db, rows.map((r) => r.id));
      const histories = await caseHistories(db, openRows.map((r) => r.id));
      // Every open case's statutory deadline, with one read of their suspensions.
      const nodeDues = await Promise.all(openRows.map((r) => deadlines.nodeDeadline(r)));
      const caseDues = await deadlines.caseDeadlinesOf(
        openRows.map((r, i) => ({ application: r, history: histories.get(r.id) ?? [], deemedAccepted: nodeDues[i]?.deemedAccepted ?? false })),
      );
      const deadlineById = new Map(openRows.map((r, i) => [r.id, caseDues[i] ?? null]));
      return Promise.all(
        rows.map(async (r) => {
          const own = docs.filter((d) => d.applicationId === r.id);
          return {
            id: r.id,
            number: r.number,
            item: r.item,
            ...labels(r),
            status: r.status,
            submittedAt: r.submittedAt,
            updatedAt: r.updatedAt,
            ...stageOf(r),
            deadline: deadlineById.get(r.id) ?? null,
            correctionDue: await correctionDueOf(r),
            correctionMessage: r.status === 'correction' ? ((r.correction as { message?: string } | null)?.message ?? null) : null,
            actions: actionsOf(r, own),
          };
        }),
      );
    },

    /** 流程跟踪 of one case: the chart of its own variant, what happened at each node, its documents. */
    async track(actor: Actor, id: string) {
      const application = await ownCase(actor, id);
      const variant = getVariant(application.workflow!);
      // One after another: in parallel they hold three pool connections per request and, with
      // every connection busy under load, measured slower (docs/benchmarks.md).
      const history = await caseHistory(db, id);
      const docs = await documents.list(id);
      const collection = await findResultCollection(db, id);
      const path = pathOf(variant, history, application.submittedAt!.toISOString());
      const extension = (await approvedExtensions(db, [id]))[0];
      const expected = await specialProcedureDays(db, id);
      return {
        id: application.id,
        number: application.number,
        item: application.item,
        ...labels(application),
        status: application.status,
        submittedAt: application.submittedAt,
        ...stageOf(application),
        deadline: await deadlineOf(application, history),
        correctionDue: await correctionDueOf(application),
        extension: extension ? { days: extension.days, reason: extension.reason, approvedAt: extension.decidedAt, dueBefore: extension.dueBefore, dueAfter: extension.dueAfter } : null,
        // 公示 / 公告 tabs only where this case's own workflow has such a node (a filing has none).
        workflow: { name: variant.name, label: variant.label, publishes: publicationsOf(variant) },
        track: trackOf(variant, path),
        // What each finished node did, with the opinion meant for the applicant (never staff remarks).
        steps: [
          { nodeLabel: '提交', actionLabel: '提交申请', at: application.submittedAt!.toISOString(), opinion: null, negative: false },
          ...[
            ...path.steps
              .filter((s) => s.event && s.action)
              .map((s) => {
                const days = s.action!.expectedPeriod ? expected.get(s.event!.at) : undefined;
                return {
                  nodeLabel: s.node.label,
                  actionLabel: days ? `${s.action!.label}（预计${days}个工作日，不计入办理时限）` : s.action!.label,
                  at: s.event!.at,
                  opinion: s.event!.opinion ?? null,
                  negative: Boolean(s.action!.negative),
                };
              }),
            // Art.42: the approved 延期 and its reason, where it happened in time.
            ...(extension?.decidedAt
              ? [{ nodeLabel: '延期审批', actionLabel: `经负责人批准，办理期限延长${extension.days}个工作日`, at: extension.decidedAt.toISOString(), opinion: extension.reason, negative: false }]
              : []),
          ].sort((a, b) => a.at.localeCompare(b.at)),
        ],
        correction: application.status === 'correction' ? application.correction : null,
        documents: docs.map((d) => ({ id: d.id, kind: d.kind, title: d.title, number: d.number, issuedAt: d.issuedAt, status: d.status, revokedReason: d.revokedReason, verificationCode: d.verificationCode })),
        collection: collection
          ? { method: collection.method, recipient: collection.recipient, phone: collection.phone, address: collection.address, postalCode: collection.postalCode, chosenAt: collection.chosenAt }
          : null,
        canCollect: docs.some((d) => CERTIFICATE_KINDS.has(d.kind as DocumentKind) && d.status === 'valid'),
        actions: actionsOf(application, docs),
      };
    },

    async openDocument(actor: Actor, id: string, documentId: string) {
      await ownCase(actor, id);
      if (!isUuid(documentId)) throw appError('DOCUMENT_NOT_FOUND');
      return documents.open(id, documentId);
    },

    /** 结果领取: the paper original at the service hall or by post; changeable until it is sent. */
    async chooseCollection(actor: Actor, id: string, input: CollectionInput) {
      const application = await ownCase(actor, id);
      const docs = await documents.list(id);
      if (!docs.some((d) => CERTIFICATE_KINDS.has(d.kind as DocumentKind) && d.status === 'valid')) {
        throw appError('NO_RESULT_TO_COLLECT');
      }
      const errors: FieldError[] = [];
      // Printed on the envelope and the hand-over record: a person's name, an address (identifiers/names.ts).
      const name = validateNameText('person-name', '领取人姓名', input.recipient);
      const recipient = name.ok ? name.value : input.recipient.trim();
      if (!recipient) errors.push({ path: 'recipient', message: '请填写领取人（收件人）姓名' });
      else if (!name.ok) errors.push({ path: 'recipient', message: name.message });
      const phone = validateMobile(input.phone).ok ? validateMobile(input.phone) : validatePhone(input.phone);
      if (!phone.ok) errors.push({ path: 'phone', message: '联系电话格式不正确，请填写手机号码或固定电话' });
      let address: string | null = null;
      let postalCode: string | null = null;
      if (input.method === 'post') {
        const checked = validateNameText('address', '邮寄地址', input.address ?? '');
        address = (checked.ok ? checked.value : input.address?.trim()) || null;
        if (!address) errors.push({ path: 'address', message: '选择邮寄送达时，请填写邮寄地址' });
        else if (!checked.ok) errors.push({ path: 'address', message: checked.message });
        const pc = validatePostalCode(input.postalCode ?? '');
        if (!pc.ok) errors.push({ path: 'postalCode', message: pc.message });
        else postalCode = pc.value;
      }
      if (errors.length > 0) throw appError('COLLECTION_INVALID', { first: errors[0]!.message }, { fieldErrors: errors });
      const now = deps.clock.now();
      const values = { method: input.method, recipient, phone: phone.ok ? phone.value : input.phone, address, postalCode, updatedAt: now };
      await db.transaction().execute(async (tx) => {
        await saveResultCollection(tx, { applicationId: application.id, ...values, chosenAt: now });
        await deps.audit.record(
          { action: 'result.collection', actorAccountId: application.accountId, objectType: 'application', objectId: id, actor, details: { method: input.method } },
          tx,
        );
      });
      return this.track(actor, id);
    },
  };
}

export type ProgressService = ReturnType<typeof createProgressService>;
