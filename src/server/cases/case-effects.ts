/**
 * What a workflow step causes besides itself, written in the same transaction: the official
 * documents it issues, the applicant's message (站内消息) and the email/SMS to deliver (outbox).
 */
import type { Kysely } from 'kysely';
import { correctionChoices, findItem } from '../../domain/items/index.ts';
import {
  ACCEPT_LIMIT_DAYS,
  CORRECTION_LIMIT_DAYS,
  MAX_SPECIAL_PROCEDURE_DAYS,
  getVariant,
  legalLimitDays,
  type ActionDefinition,
  type CaseState,
  type NodeDefinition,
} from '../../domain/workflow/index.ts';
import { chineseDate, deadline, shanghaiDateOf, type WorkingDayCalendar } from '../../domain/calendar/index.ts';
import { appError } from '../errors.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { Application, DB } from '../db/schema.ts';
import { type DocumentKind } from '../documents/document-content.ts';
import type { DocumentsService } from '../documents/documents.service.ts';
import type { RegisterService } from '../register/register.service.ts';
import { writeMessage } from '../notifications/notify.ts';
import { findHandlerName } from './cases.repository.ts';

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
  /** 专家评审: the expected working days the handler stated. */
  expectedDays?: number;
  /** 公示: its last day. */
  periodEndsOn?: string;
}

/** A step about to be written: what the rules below need to see. */
export interface StepFacts {
  application: Application;
  node: NodeDefinition;
  action: ActionDefinition;
  opinion?: string;
  correctionItems?: readonly string[];
  expectedDays?: number;
  now: Date;
}

export interface CaseEffects {
  /**
   * Rules of a step that need the case's data or the calendar, checked before anything is
   * written: 补正 items of this case only, the 补正期限, a 特别程序's stated length.
   */
  beforeTransition(tx: Kysely<DB>, step: StepFacts): Promise<void>;
  /** A message to the applicant (站内消息, plus SMS/email through the outbox) in `tx`. */
  message(tx: Kysely<DB>, application: Application, message: { kind: string; title: string; body: string }, now: Date): Promise<void>;
  afterSubmit(tx: Kysely<DB>, application: Application, now: Date): Promise<void>;
  afterTransition(tx: Kysely<DB>, facts: TransitionFacts): Promise<void>;
}

/** Which document the step issues, if any. */
function documentKindOf(facts: TransitionFacts): DocumentKind | undefined {
  const { node, action, state, application } = facts;
  // 补正材料通知书 wherever 补正 is asked: at 受理, or at a filing's 核对 (退回补正).
  if (action === 'request-correction') return 'correction';
  if (node.kind === 'accept') {
    if (action === 'accept') return 'acceptance';
    if (action === 'reject') return 'not-accepted';
  }
  // Art.45: entering a period the clock does not count is told in writing (特别程序告知书).
  if (state.status === 'open' && state.node.clock === 'stopped' && state.node.kind !== 'correction' && node.clock === 'runs') return 'special-procedure';
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

/** The last day of `days` working days after `today`, and the years among them without a published 放假安排. */
function periodEnd(calendar: WorkingDayCalendar, today: string, days: number): { dueDate: string; provisionalYears?: number[] } {
  const dueDate = calendar.addWorkingDays(today, days);
  const years: number[] = [];
  for (let y = Number(today.slice(0, 4)); y <= Number(dueDate.slice(0, 4)); y++) if (!calendar.isYearPublished(y)) years.push(y);
  return years.length > 0 ? { dueDate, provisionalYears: years } : { dueDate };
}

function applicantStatusOf(state: CaseState): string {
  return state.status === 'open' ? state.node.applicantStatus : state.end.applicantStatus;
}

/** Contacts from the application's first step (what the applicant gave for this case). */
export function contactsOf(application: Pick<Application, 'data'>): { email?: string; mobile?: string } {
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

    async beforeTransition(tx, step) {
      const { application, node, action } = step;
      if (action.requestsCorrection) {
        const item = findItem(application.item);
        const allowed = new Set(item ? correctionChoices(item, application.data as Record<string, unknown>).map((c) => c.value) : []);
        const foreign = (step.correctionItems ?? []).filter((i) => !allowed.has(i));
        if (foreign.length > 0) {
          throw appError('CORRECTION_ITEM_FOREIGN', { item: foreign[0]! });
        }
      }
      if (action.expectedPeriod) {
        const days = step.expectedDays;
        if (!Number.isInteger(days) || days! < 1 || days! > MAX_SPECIAL_PROCEDURE_DAYS) {
          throw appError('EXPECTED_DAYS_INVALID', { action: action.label });
        }
        if (!step.opinion) throw appError('SPECIAL_PROCEDURE_REASON_REQUIRED', { action: action.label });
      }
      // 补正期限: past it the case is 视为撤回 — the applicant can no longer resubmit, and only then may the clerk end it.
      if (node.kind === 'correction' && node.timeLimitDays && application.nodeEnteredAt && (action.afterNodeDeadline || action.key === 'resubmit')) {
        const status = deadline(shanghaiDateOf(application.nodeEnteredAt), node.timeLimitDays, [], await deps.calendar.current(tx), step.now);
        if (action.afterNodeDeadline && !status.overdue) throw appError('CORRECTION_PERIOD_RUNNING', { due: status.due, action: action.label });
        if (action.key === 'resubmit' && status.overdue) throw appError('CORRECTION_PERIOD_OVER', { due: status.due });
      }
    },

    async afterSubmit(tx, application, now) {
      const item = findItem(application.item);
      await notify(
        tx,
        application,
        { kind: 'submit', title: `申报编号${application.number}：申请已提交`, body: `您的“${item?.title ?? application.item}”申请已提交，等待受理。受理部门将在${ACCEPT_LIMIT_DAYS}个工作日内作出受理、不予受理或者一次性告知补正的决定。` },
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
        let procedure: string | undefined;
        if (kind === 'acceptance' || kind === 'correction' || kind === 'special-procedure') {
          const calendar = await deps.calendar.current(tx);
          if (kind === 'acceptance') limitDays = legalLimitDays(getVariant(application.workflow!));
          if (kind === 'correction') limitDays = CORRECTION_LIMIT_DAYS;
          if (kind === 'special-procedure') {
            procedure = state.status === 'open' ? state.node.label : undefined;
            limitDays = facts.expectedDays;
          }
          if (limitDays) ({ dueDate, provisionalYears } = periodEnd(calendar, today, limitDays));
          // A 公示 states its own period, counted as it is published.
          if (kind === 'special-procedure' && facts.periodEndsOn) {
            dueDate = facts.periodEndsOn;
            limitDays = undefined;
          }
        }
        const handler = kind === 'acceptance' && facts.actorAccountId
          ? await findHandlerName(tx, facts.actorAccountId)
          : undefined;
        const remaining = kind === 'cancellation' && plan?.change.effect === 'issue' ? plan.change.certificate.holdings : undefined;
        const id = await documents.issue(tx, {
          application,
          kind,
          caseEventId: facts.caseEventId,
          now,
          facts: { opinion: facts.opinion, correctionItems: facts.correctionItems, limitDays, dueDate, provisionalYears, handler, remaining, procedure },
        });
        if (kind === 'filing-certificate') await documents.retireFilings(tx, { accountId: application.accountId, item: application.item, now, exceptId: id });
      }
      if (plan) await deps.register.apply(tx, plan, { application, caseEventId: facts.caseEventId, actorAccountId: facts.actorAccountId, now });

      const before = facts.node.applicantStatus;
      const after = applicantStatusOf(state);
      if (before === after && !kind) return;
      const label = state.status === 'open' ? state.node.label : state.end.label;
      const refused = facts.action === 'reject' || facts.action === 'request-correction' || facts.action === 'lapse' || (state.status === 'ended' && state.end.outcome === 'rejected');
      const reason = facts.opinion && refused ? `\n意见：${facts.opinion}` : '';
      // The clock restarting after a 特别程序 is as visible as its stop.
      const resumed =
        facts.node.clock === 'stopped' && facts.node.kind !== 'correction' && state.status === 'open' && state.node.clock === 'runs'
          ? `\n${facts.node.label}已结束，办理时限自${chineseDate(shanghaiDateOf(now))}起恢复计算，预计办结日期以办事进度显示为准。`
          : '';
      const told = kind === 'special-procedure' ? '\n已向您出具特别程序告知书（该期间不计入办理时限），请在流程跟踪中查看。' : '';
      await notify(tx, application, { kind: facts.action, title: `申报编号${application.number}：${label}`, body: `${after}。${reason}${resumed}${told}` }, now);
    },
  };
}
