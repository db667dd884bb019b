/**
 * What a workflow step causes besides itself, written in the same transaction: the official
 * documents it issues, the applicant's message (站内消息) and the email/SMS to deliver (outbox).
 */
import type { Kysely } from 'kysely';
import { findItem } from '../../domain/items/index.ts';
import { getVariant, legalLimitDays, type CaseState, type NodeDefinition } from '../../domain/workflow/index.ts';
import { shanghaiDateOf } from '../../domain/calendar/index.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { Application, DB } from '../db/schema.ts';
import type { DocumentKind } from '../documents/document-content.ts';
import type { DocumentsService } from '../documents/documents.service.ts';
import type { RegisterService } from '../register/register.service.ts';
import { writeMessage } from '../notifications/notify.ts';

export interface TransitionFacts {
  /** The application row as it was before the step. */
  application: Application;
  caseEventId: string;
  /** The node the action was taken at, and the action. */
  node: NodeDefinition;
  action: string;
  opinion?: string;
  correctionItems?: readonly string[];
  actorAccountId: string | null;
  state: CaseState;
  now: Date;
}

export interface CaseEffects {
  /** A message to the applicant (站内消息, plus SMS/email through the outbox) in `tx`. */
  message(tx: Kysely<DB>, application: Application, message: { kind: string; title: string; body: string }, now: Date): Promise<void>;
  afterSubmit(tx: Kysely<DB>, application: Application, now: Date): Promise<void>;
  afterTransition(tx: Kysely<DB>, facts: TransitionFacts): Promise<void>;
}

/** Which document the step issues, if any. */
function documentKindOf(facts: TransitionFacts): DocumentKind | undefined {
  const { node, action, state, application } = facts;
  if (node.kind === 'accept') {
    if (action === 'accept') return 'acceptance';
    if (action === 'reject') return 'not-accepted';
    if (action === 'request-correction') return 'correction';
  }
  if (state.status === 'open') return state.node.kind === 'issue' && node.kind !== 'issue' ? 'approval' : undefined;
  switch (state.end.outcome) {
    case 'rejected':
      return 'refusal';
    case 'cancelled':
      return 'cancellation';
    case 'filed':
      return 'filing-certificate';
    case 'approved':
      return findItem(application.item)?.result.kind;
    default:
      return undefined;
  }
}

function applicantStatusOf(state: CaseState): string {
  return state.status === 'open' ? state.node.applicantStatus : state.end.applicantStatus;
}

/** Contacts from the application's first step (what the applicant gave for this case). */
function contactsOf(application: Application): { email?: string; mobile?: string } {
  const applicant = (application.data as Record<string, Record<string, unknown>>).applicant ?? {};
  const email = typeof applicant.email === 'string' && applicant.email ? applicant.email : undefined;
  const mobileRaw = applicant.mobile ?? applicant.contact;
  const mobile = typeof mobileRaw === 'string' && /^1[3-9]\d{9}$/.test(mobileRaw) ? mobileRaw : undefined;
  return { email, mobile };
}

export function createCaseEffects(deps: { documents: DocumentsService; register: RegisterService; calendar: CalendarService; emailEnabled: boolean; publicUrl: string }): CaseEffects {
  const { documents } = deps;

  async function notify(tx: Kysely<DB>, application: Application, message: { kind: string; title: string; body: string }, now: Date) {
    await writeMessage(
      tx,
      { accountId: application.accountId, applicationId: application.id, ...message, link: `${deps.publicUrl}/my/cases/${application.id}` },
      contactsOf(application),
      { emailEnabled: deps.emailEnabled, now },
    );
  }

  return {
    message: notify,

    async afterSubmit(tx, application, now) {
      const item = findItem(application.item);
      await notify(
        tx,
        application,
        { kind: 'submit', title: `申报编号${application.number}：申请已提交`, body: `您的“${item?.title ?? application.item}”申请已提交，等待受理。受理部门将在5个工作日内作出受理、不予受理或者一次性告知补正的决定。` },
        now,
      );
    },

    async afterTransition(tx, facts) {
      const { application, state, now } = facts;
      const kind = documentKindOf(facts);
      // The register changes in this transaction on every 准予 decision; its certificate is built from it.
      const plan = state.status === 'ended' && (state.end.outcome === 'approved' || state.end.outcome === 'cancelled') ? await deps.register.plan(tx, application, now) : undefined;
      if (kind && kind !== 'qualification-certificate' && kind !== 'registration-certificate') {
        const today = shanghaiDateOf(now);
        let dueDate: string | undefined;
        let limitDays: number | undefined;
        let provisionalYears: number[] | undefined;
        if (kind === 'acceptance') {
          limitDays = legalLimitDays(getVariant(application.workflow!));
          const calendar = await deps.calendar.current();
          dueDate = calendar.addWorkingDays(today, limitDays);
          const years = [];
          for (let y = Number(today.slice(0, 4)); y <= Number(dueDate.slice(0, 4)); y++) if (!calendar.isYearPublished(y)) years.push(y);
          if (years.length > 0) provisionalYears = years;
        }
        const handler = kind === 'acceptance' && facts.actorAccountId
          ? (await tx.selectFrom('accounts').select('displayName').where('id', '=', facts.actorAccountId).executeTakeFirst())?.displayName
          : undefined;
        const remaining = kind === 'cancellation' && plan?.change.effect === 'issue' ? plan.change.certificate.holdings : undefined;
        const id = await documents.issue(tx, {
          application,
          kind,
          caseEventId: facts.caseEventId,
          now,
          facts: { opinion: facts.opinion, correctionItems: facts.correctionItems, limitDays, dueDate, provisionalYears, handler, remaining },
        });
        if (kind === 'filing-certificate') await documents.retireFilings(tx, { accountId: application.accountId, item: application.item, now, exceptId: id });
      }
      if (plan) await deps.register.apply(tx, plan, { application, caseEventId: facts.caseEventId, actorAccountId: facts.actorAccountId, now });

      const before = facts.node.applicantStatus;
      const after = applicantStatusOf(state);
      if (before === after && !kind) return;
      const label = state.status === 'open' ? state.node.label : state.end.label;
      const refused = facts.action === 'reject' || facts.action === 'request-correction' || (state.status === 'ended' && state.end.outcome === 'rejected');
      const reason = facts.opinion && refused ? `\n意见：${facts.opinion}` : '';
      await notify(tx, application, { kind: facts.action, title: `申报编号${application.number}：${label}`, body: `${after}。${reason}` }, now);
    },
  };
}
