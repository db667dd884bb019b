/**
 * The register (登记簿) as a service: every 准予 decision changes it in the case's transaction by
 * the item's rules (src/domain/register), and the certificate is rendered from it afterwards.
 * Applicants read their own holdings (我的资质) and the wizard's choices from it; the server checks
 * 暂存 and 提交 against it.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { shanghaiDateOf } from '../../domain/calendar/index.ts';
import type { FieldError } from '../../domain/forms/index.ts';
import { ITEMS, applicationTypeOf, findApplicationType, findItem, type ApplicationType, type ItemDefinition } from '../../domain/items/index.ts';
import {
  applyDecision,
  certificateStanding,
  formatCertificateNumber,
  offerFor,
  qualificationName,
  type HeldCertificate,
  type RegisterChange,
  type TypeOffer,
} from '../../domain/register/index.ts';
import type { Clock } from '../clock.ts';
import { nextCounter } from '../db/counters.ts';
import type { Account, Application, DB, HoldingStatus } from '../db/schema.ts';
import type { DocumentsService } from '../documents/documents.service.ts';
import { appError } from '../errors.ts';
import { requireAccount, type Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import { requireRole } from '../auth/staff-roles.ts';
import { writeMessage } from '../notifications/notify.ts';
import { addCalendarDays } from '../../domain/calendar/index.ts';
import { daysUntil } from '../../domain/register/index.ts';
import {
  addHoldings,
  claimExpiryReminders,
  endHoldings,
  findAccountProfile,
  findCertificateValidity,
  findPendingRenewals,
  findVerificationCodes,
  insertCertificate,
  insertRegisterEvent,
  listAccountsOfHolder,
  listCertificatesEndingBetween,
  listCertificatesPastValidity,
  listHolderCertificates,
  lockCertificate,
  lockCurrentCertificate,
  setCertificateDocument,
  updateCertificateTerms,
  voidCertificate,
  type CertificateWithHoldings,
} from './register.repository.ts';

type StepData = Record<string, Record<string, unknown>>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export interface Holder {
  kind: 'enterprise' | 'engineer';
  id: string;
  name: string;
}

/** The holder a case is about, from its first step (identity fields there are locked to the login). */
export function holderOfApplication(item: ItemDefinition, data: StepData): Holder | undefined {
  const rules = item.result.register;
  if (!rules) return undefined;
  const a = data.applicant ?? {};
  const id = rules.holder === 'engineer' ? str(a.idNumber) : str(a.uscc);
  const name = rules.holder === 'engineer' ? str(a.applicantName) : str(a.orgName);
  return id && name ? { kind: rules.holder, id: id.toUpperCase(), name } : undefined;
}

/** The identifier an account holds things under: its verified 统一社会信用代码 or 证件号码. */
export function holderIdOfAccount(account: Account): { kind: 'enterprise' | 'engineer'; id: string } | undefined {
  if (account.kind === 'legal' && account.profile.uscc) return { kind: 'enterprise', id: account.profile.uscc.toUpperCase() };
  if (account.kind === 'natural' && account.profile.idNumber) return { kind: 'engineer', id: account.profile.idNumber.toUpperCase() };
  return undefined;
}

/** How a holding ends, by the outcome that ends it. */
const ENDED_AS: Record<string, HoldingStatus> = { cancel: 'cancelled', renew: 'lapsed', upgrade: 'replaced', reassess: 'cancelled' };

export interface RegisterPlan {
  item: ItemDefinition;
  type: ApplicationType;
  holder: Holder;
  current?: CertificateWithHoldings;
  /** The current certificate is past its validity and is voided before a new one is issued. */
  voidExpired: boolean;
  change: RegisterChange;
  today: string;
}

export interface RegisterDeps {
  db: Kysely<DB>;
  documents: DocumentsService;
  clock: Clock;
  audit: Audit;
  publicUrl: string;
  emailEnabled: boolean;
}

export function createRegisterService(deps: RegisterDeps) {
  const { db, documents, clock, audit } = deps;

  function held(cert: CertificateWithHoldings, expired: boolean): HeldCertificate {
    return {
      number: cert.number,
      validFrom: cert.validFrom,
      validUntil: cert.validUntil,
      holdings: cert.holdings,
      ...(cert.employer ? { employer: cert.employer } : {}),
      expired,
    };
  }

  /** A certificate's standing today, with any 延续 of its holder still pending (Art. 50). */
  async function standingNow(executor: Kysely<DB>, cert: { item: string; holderId: string; status: 'valid' | 'void'; validUntil: string }) {
    const renewal = cert.status === 'valid' ? (await findPendingRenewals(executor, cert.item, [cert.holderId])).get(cert.holderId) : undefined;
    return certificateStanding({ status: cert.status, validUntil: cert.validUntil, renewalFiledOn: renewal }, shanghaiDateOf(clock.now()));
  }

  /** The account's current certificate of this item, as the wizard and the checks see it. */
  async function heldBy(executor: Kysely<DB>, account: Account, item: ItemDefinition): Promise<HeldCertificate | undefined> {
    const rules = item.result.register;
    const who = holderIdOfAccount(account);
    if (!rules || !who || who.kind !== rules.holder) return undefined;
    const cert = (await listHolderCertificates(executor, who.kind, who.id)).find((c) => c.item === item.code && c.status === 'valid');
    if (!cert) return undefined;
    return held(cert, (await standingNow(executor, cert)).code === 'expired');
  }

  /** A certificate of the account's own holder; anyone else's is 404 like a missing one. */
  async function ownCertificate(actor: Actor, id: string): Promise<CertificateWithHoldings> {
    const account = requireAccount(actor);
    const who = holderIdOfAccount(account);
    const cert = who && /^[0-9a-f-]{36}$/i.test(id) ? (await listHolderCertificates(db, who.kind, who.id)).find((c) => c.id === id) : undefined;
    if (!cert) throw appError('CERTIFICATE_NOT_FOUND');
    return cert;
  }

  /** Past validity, not void, and no 延续 filed in time: what Art. 70 has the authority cancel. */
  async function expiredCertificates(executor: Kysely<DB>, today: string) {
    const rows = await listCertificatesPastValidity(executor, today, 500);
    const out: typeof rows = [];
    const byItem = new Map<string, string[]>();
    for (const r of rows) byItem.set(r.item, [...(byItem.get(r.item) ?? []), r.holderId]);
    const pending = new Map<string, Map<string, string>>();
    for (const [item, ids] of byItem) pending.set(item, await findPendingRenewals(executor, item, ids));
    for (const r of rows) {
      const filed = pending.get(r.item)?.get(r.holderId);
      if (filed && filed <= r.validUntil) continue; // Art. 50: deemed renewed while the 延续 is pending
      out.push(r);
    }
    return out;
  }

  return {
    heldBy,
    ownCertificate,

    /** A register entry's standing today (for /verify of its current certificate). */
    async standingOf(id: string) {
      const cert = await findCertificateValidity(db, id);
      return cert ? standingNow(db, cert) : undefined;
    },

    /** The current certificate document of one's own register entry (PDF). */
    async openCertificateDocument(actor: Actor, id: string) {
      const cert = await ownCertificate(actor, id);
      if (!cert.documentId) throw appError('CERTIFICATE_NOT_ELECTRONIC');
      return documents.openRegisterDocument(cert.id, cert.documentId);
    },

    /** 依职权注销 queue (制证岗): expired certificates without a 延续 filed in time. */
    async expiredQueue(actor: Actor) {
      requireRole(actor, ['issuer']);
      const today = shanghaiDateOf(clock.now());
      const rows = await expiredCertificates(db, today);
      return rows.map((r) => {
        const item = findItem(r.item)!;
        return {
          id: r.id,
          title: item.result.title,
          itemTitle: item.title,
          number: r.number,
          holderName: r.holderName,
          validUntil: r.validUntil,
          daysOverdue: -daysUntil(today, r.validUntil),
          employer: r.employer,
        };
      });
    },

    /** 依职权注销 (Art. 70(一)): void the certificate, issue the 注销决定书, tell the holder. */
    async cancelExpired(actor: Actor, id: string) {
      const { account } = requireRole(actor, ['issuer']);
      const now = clock.now();
      const today = shanghaiDateOf(now);
      const documentId = await db.transaction().execute(async (tx) => {
        const cert = /^[0-9a-f-]{36}$/i.test(id) ? await lockCertificate(tx, id) : undefined;
        if (!cert) throw appError('REGISTER_ENTRY_NOT_FOUND');
        if (cert.status === 'void') throw appError('CERTIFICATE_ALREADY_VOID', { number: cert.number, voidedOn: cert.voidedOn ?? '' });
        if ((await standingNow(tx, cert)).code !== 'expired') throw appError('CERTIFICATE_NOT_EXPIRED', { number: cert.number });
        const item = findItem(cert.item)!;
        const holdings = (await listHolderCertificates(tx, cert.holderKind, cert.holderId)).find((c) => c.id === cert.id)?.holdings ?? [];
        const reason = '有效期届满未延续';
        await voidCertificate(tx, cert.id, { voidedOn: today, voidReason: `${reason}，依职权注销`, now });
        await endHoldings(tx, cert.id, holdings, 'lapsed', cert.validUntil, null);
        await documents.retireRegisterDocuments(tx, { registerCertificateId: cert.id, status: 'revoked', reason: '有效期届满未延续，依职权注销', now });
        const docId = await documents.issueExOfficioCancellation(tx, {
          registerCertificateId: cert.id,
          now,
          reason,
          facts: { item: cert.item, number: cert.number, holderName: cert.holderName, holderId: cert.holderId, holdings, employer: cert.employer ?? undefined, validFrom: cert.validFrom, validUntil: cert.validUntil },
        });
        await insertRegisterEvent(tx, { certificateId: cert.id, applicationId: null, outcome: 'ex-officio-cancel', actorAccountId: account.id, documentId: docId, details: { reason }, at: now });
        await audit.record({ action: 'register.ex-officio-cancel', actorAccountId: account.id, objectType: 'register_certificate', objectId: cert.id, actor, details: { number: cert.number, documentId: docId } }, tx);
        for (const holder of await listAccountsOfHolder(tx, cert.holderKind, cert.holderId)) {
          await writeMessage(
            tx,
            { accountId: holder.id, applicationId: null, kind: 'register.cancel', title: `${item.result.title}${cert.number}已依法注销`, body: `您的${item.result.title}（证书编号${cert.number}）有效期已于${cert.validUntil}届满且未延续，本机关已依职权注销，请在“我的资质”中查看注销决定书。`, link: `${deps.publicUrl}/my/qualifications` },
            { email: holder.profile.email, mobile: holder.profile.mobile },
            { emailEnabled: deps.emailEnabled, now },
          );
        }
        return docId;
      });
      await documents.materializePending(null, id);
      return { documentId };
    },

    /**
     * Reminders before expiry (90, 60, 30 days): each threshold once per certificate and validity,
     * claimed by inserting its row — a second instance or a restart finds it taken. Several
     * thresholds passed at once (a holding imported 45 days before expiry) send only the nearest.
     * Certificates with a 延续 already filed, or no account yet to tell, are left for a later run.
     */
    async sendExpiryReminders(): Promise<number> {
      const now = clock.now();
      const today = shanghaiDateOf(now);
      const horizon = Math.max(...ITEMS.map((i) => Math.max(0, ...(i.result.register?.reminderDays ?? [0]))));
      const due = await listCertificatesEndingBetween(db, today, addCalendarDays(today, horizon));
      let sent = 0;
      for (const cert of due) {
        const item = findItem(cert.item);
        const rules = item?.result.register;
        if (!item || !rules) continue;
        const left = daysUntil(today, cert.validUntil);
        const crossed = rules.reminderDays.filter((d) => left <= d);
        if (crossed.length === 0) continue;
        const nearest = Math.min(...crossed);
        if ((await findPendingRenewals(db, cert.item, [cert.holderId])).size > 0) continue;
        sent += await db.transaction().execute(async (tx) => {
          const holders = await listAccountsOfHolder(tx, cert.holderKind, cert.holderId);
          if (holders.length === 0) return 0;
          const claimed = await claimExpiryReminders(tx, cert, crossed, now);
          if (!claimed.includes(nearest)) return 0;
          const renewBy = addCalendarDays(cert.validUntil, -rules.renewBeforeDays);
          const link = `${deps.publicUrl}/my/qualifications/${cert.id}/renew`;
          for (const holder of holders) {
            await writeMessage(
              tx,
              {
                accountId: holder.id,
                applicationId: null,
                kind: 'register.expiry',
                title: `${item.result.title}将于${left}天后到期`,
                body: `您的${item.result.title}（证书编号${cert.number}）有效期至${cert.validUntil}，还有${left}天到期。请于${renewBy}前申请延续，逾期未延续的，证书有效期届满后将依法注销。点击链接即可打开已填好证书信息的延续申请：${link}`,
                link,
              },
              { email: holder.profile.email, mobile: holder.profile.mobile },
              { emailEnabled: deps.emailEnabled, now },
            );
          }
          return 1;
        });
      }
      return sent;
    },

    /** The wizard's view: the current certificate and what each 申请内容 offers. */
    async offers(account: Account, item: ItemDefinition): Promise<{ held: HeldCertificate | null; types: Record<string, TypeOffer> }> {
      const h = await heldBy(db, account, item);
      const types: Record<string, TypeOffer> = {};
      for (const t of item.applicationTypes) types[t.value] = offerFor(item, t, h);
      return { held: h ?? null, types };
    },

    /**
     * The register's say on a 申请内容 step: values it supplies (forced, like identity fields), the
     * qualifications the type may name, and the reason a type is closed. Used at 暂存 and 提交.
     */
    async constraints(executor: Kysely<DB>, account: Account, item: ItemDefinition, data: StepData) {
      const type = applicationTypeOf(item, data);
      if (!type || !item.result.register) return undefined;
      return offerFor(item, type, await heldBy(executor, account, item));
    },

    /** Problems of a 申请内容 step against the register (the offer from `constraints`). */
    check(item: ItemDefinition, offer: TypeOffer | undefined, content: Record<string, unknown>, prefix = ''): FieldError[] {
      if (!offer) return [];
      if (!offer.available) return [{ path: `${prefix}applicationType`, message: offer.reason ?? '当前不能办理该申请内容' }];
      const errors: FieldError[] = [];
      const field = item.result.register?.fields.qualifications;
      const chosen = field && Array.isArray(content[field]) ? (content[field] as unknown[]).map(String) : [];
      if (field && offer.qualifications) {
        const wrong = chosen.filter((c) => !offer.qualifications!.includes(c));
        if (wrong.length > 0) {
          const type = findApplicationType(item, String(content.applicationType))!;
          const why = type.outcome === 'add' || type.outcome === 'upgrade' ? '已持有或不可申请' : '未持有';
          errors.push({ path: `${prefix}${field}`, message: `${wrong.map((c) => `“${qualificationName(c)}”`).join('、')}${why}，不能在“${type.label}”中选择` });
        }
      }
      for (const [name, value] of Object.entries(offer.locked)) {
        if (JSON.stringify(content[name]) !== JSON.stringify(value)) {
          errors.push({ path: `${prefix}${name}`, message: '与资质登记簿记载不一致，请返回“申请内容”重新暂存' });
        }
      }
      return errors;
    },

    /** What a decision of this case does to the register, computed on the locked certificate. */
    async plan(tx: Kysely<DB>, application: Application, now: Date): Promise<RegisterPlan | undefined> {
      const item = findItem(application.item);
      const rules = item?.result.register;
      if (!item || !rules) return undefined;
      const type = findApplicationType(item, application.applicationType ?? '');
      const data = application.data as StepData;
      const holder = holderOfApplication(item, data);
      if (!type || !holder) throw new Error(`case ${application.id} has no type or holder`);
      const today = shanghaiDateOf(now);
      const current = await lockCurrentCertificate(tx, item.code, holder.kind, holder.id);
      const submittedOn = shanghaiDateOf(application.submittedAt!);
      const expired = current !== undefined && current.validUntil < today;
      let basis = current;
      let voidExpired = false;
      if (current && expired) {
        if (type.outcome === 'issue' || type.outcome === 'reassess') {
          basis = undefined;
          voidExpired = true;
        } else if (!(type.outcome === 'renew' && submittedOn <= current.validUntil)) {
          throw appError('REGISTER_CERTIFICATE_EXPIRED', { title: item.result.title, number: current.number, validUntil: current.validUntil, type: type.label });
        }
      }
      const content = data.content ?? {};
      const chosen = Array.isArray(content.qualifications) ? (content.qualifications as unknown[]).map(String) : [];
      const change = applyDecision(basis && { number: basis.number, validFrom: basis.validFrom, validUntil: basis.validUntil, holdings: basis.holdings, ...(basis.employer ? { employer: basis.employer } : {}) }, {
        outcome: type.outcome,
        rules,
        chosen,
        date: today,
        employer: str(data.applicant?.employer),
      });
      if (change.effect === 'refused') throw appError('REGISTER_DECISION_REFUSED', { reason: change.message });
      return { item, type, holder, current, voidExpired, change, today };
    },

    /** Write the plan in `tx`: certificate, holdings, event, and the certificate document. */
    async apply(tx: Kysely<DB>, plan: RegisterPlan, ctx: { application: Application; caseEventId: string | null; actorAccountId: string | null; now: Date }): Promise<void> {
      const { item, change, current, holder, today } = plan;
      const rules = item.result.register!;
      const { application, now } = ctx;
      const event = (certificateId: string, outcome: string, documentId: string | null, details: Record<string, unknown>) =>
        insertRegisterEvent(tx, { certificateId, applicationId: application.id, outcome, actorAccountId: ctx.actorAccountId, documentId, details, at: now });
      if (change.effect === 'none' || change.effect === 'refused') return;

      if (current && plan.voidExpired) {
        await voidCertificate(tx, current.id, { voidedOn: today, voidReason: '有效期届满未延续', now });
        await endHoldings(tx, current.id, current.holdings, 'lapsed', current.validUntil, null);
        await documents.retireRegisterDocuments(tx, { registerCertificateId: current.id, status: 'revoked', reason: '有效期届满未延续', now });
        await event(current.id, 'expired', null, { validUntil: current.validUntil });
      }

      if (change.effect === 'void') {
        const cert = current!;
        await voidCertificate(tx, cert.id, { voidedOn: today, voidReason: '已注销', now });
        await endHoldings(tx, cert.id, cert.holdings, 'cancelled', today, application.id);
        await documents.retireRegisterDocuments(tx, { registerCertificateId: cert.id, status: 'revoked', reason: '已注销', now });
        await event(cert.id, plan.type.outcome, null, { removed: change.removed });
        return;
      }

      const profile = await findAccountProfile(tx, application.accountId);
      const data = application.data as StepData;
      const details: Record<string, string> = { ...(plan.voidExpired ? {} : (current?.details ?? {})) };
      const legalRep = str(profile?.legalRep);
      const address = str(data.applicant?.registeredAddress);
      if (legalRep) details.legalRep = legalRep;
      if (address) details.registeredAddress = address;
      const next = change.certificate;
      let certificateId: string;
      let number: string;
      if (change.fresh) {
        const year = Number(today.slice(0, 4));
        number = formatCertificateNumber(rules.numbering, year, await nextCounter(tx, rules.numbering.series, rules.numbering.perYear ? year : 0));
        certificateId = randomUUID();
        await insertCertificate(tx, {
          id: certificateId,
          item: item.code,
          holderKind: holder.kind,
          holderId: holder.id,
          holderName: holder.name,
          number,
          validFrom: next.validFrom,
          validUntil: next.validUntil,
          employer: next.employer ?? null,
          details: JSON.stringify(details),
          origin: 'case',
          createdAt: now,
          updatedAt: now,
        });
      } else {
        certificateId = current!.id;
        number = current!.number;
        await updateCertificateTerms(tx, certificateId, { holderName: holder.name, validFrom: next.validFrom, validUntil: next.validUntil, employer: next.employer ?? null, details, now });
      }
      await endHoldings(tx, certificateId, change.removed, ENDED_AS[plan.type.outcome] ?? 'cancelled', plan.type.outcome === 'renew' ? current!.validUntil : today, application.id);
      await addHoldings(tx, certificateId, change.added, today, application.id);
      const documentId = await documents.issueCertificate(tx, {
        kind: item.result.kind as 'qualification-certificate' | 'registration-certificate',
        registerCertificateId: certificateId,
        applicationId: application.id,
        caseEventId: ctx.caseEventId,
        now,
        facts: {
          item: item.code,
          number,
          holderName: holder.name,
          holderId: holder.id,
          legalRep: details.legalRep,
          registeredAddress: details.registeredAddress,
          holdings: next.holdings,
          employer: next.employer,
          validFrom: next.validFrom,
          validUntil: next.validUntil,
          caseNumber: application.number ?? undefined,
        },
      });
      await setCertificateDocument(tx, certificateId, documentId);
      await event(certificateId, plan.type.outcome, documentId, {
        added: change.added,
        removed: change.removed,
        validFrom: next.validFrom,
        validUntil: next.validUntil,
        ...(current && !plan.voidExpired ? { before: { validFrom: current.validFrom, validUntil: current.validUntil, holdings: current.holdings } } : {}),
      });
    },

    /** 我的资质: every certificate of the account's holder, with standing and days left. */
    async mine(actor: Actor) {
      const account = requireAccount(actor);
      const who = holderIdOfAccount(account);
      if (!who) return { holderKind: null, certificates: [] };
      const certs = await listHolderCertificates(db, who.kind, who.id);
      const documentIds = certs.map((c) => c.documentId).filter((d): d is string => d !== null);
      const codes = await findVerificationCodes(db, documentIds);
      const out = [];
      for (const c of certs) {
        const item = findItem(c.item);
        if (!item) continue;
        const standing = await standingNow(db, c);
        out.push({
          id: c.id,
          item: c.item,
          itemTitle: item.title,
          title: item.result.title,
          number: c.number,
          holderName: c.holderName,
          validFrom: c.validFrom,
          validUntil: c.validUntil,
          employer: c.employer,
          standing,
          voidedOn: c.voidedOn,
          renewBeforeDays: item.result.register?.renewBeforeDays ?? null,
          holdings: c.holdings.map((code) => ({ code, name: qualificationName(code) })),
          documentId: c.documentId,
          verificationCode: c.documentId ? (codes.get(c.documentId) ?? null) : null,
        });
      }
      return { holderKind: who.kind, certificates: out };
    },
  };
}

export type RegisterService = ReturnType<typeof createRegisterService>;
