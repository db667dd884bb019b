import type { Kysely } from 'kysely';
import { cleanStep, validateStep } from '../../domain/forms/index.ts';
import { basicInfoOf, basicInfoStep, type BasicInfo } from '../../domain/items/index.ts';
import { requireAccount, type Actor } from '../actor.ts';
import type { Audit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Account, DB } from '../db/schema.ts';
import { appError } from '../errors.ts';
import { findBasicInfo, saveBasicInfo } from './accounts.repository.ts';

/** What the identity service owns: shown on the page, never edited here (a login refreshes it). */
const IDENTITY_LABELS: Record<string, readonly (readonly [string, string])[]> = {
  legal: [
    ['orgName', '单位名称'],
    ['uscc', '统一社会信用代码'],
    ['legalRep', '法定代表人'],
  ],
  natural: [
    ['name', '姓名'],
    ['idType', '证件类型'],
    ['idNumber', '证件号码'],
  ],
};

export interface BasicInfoView {
  /** Values the identity service supplies, label and value, locked. */
  identity: { label: string; value: string }[];
  values: BasicInfo;
  updatedAt: string | null;
}

/** 完善基本信息: an applicant's own postal code, addresses, phones and contacts, prefilled into every item. */
export function createBasicInfoService(deps: { db: Kysely<DB>; audit: Audit; clock: Clock }) {
  const { db, audit, clock } = deps;

  function applicantOrThrow(actor: Actor) {
    const account = requireAccount(actor);
    const step = basicInfoStep(account.kind);
    if (!step) throw appError('BASIC_INFO_NOT_FOR_STAFF');
    return { account, step };
  }

  function view(account: Account, values: BasicInfo, updatedAt: Date | null): BasicInfoView {
    const identity = (IDENTITY_LABELS[account.kind] ?? []).flatMap(([key, label]) => (account.profile[key] ? [{ label, value: account.profile[key] }] : []));
    return { identity, values, updatedAt: updatedAt?.toISOString() ?? null };
  }

  return {
    async get(actor: Actor): Promise<BasicInfoView> {
      const { account: a } = applicantOrThrow(actor);
      const row = await findBasicInfo(db, a.id);
      return view(a, basicInfoOf(row.basicInfo), row.basicInfoUpdatedAt);
    },

    /** Replaces the whole record: an emptied field is removed. Checked as the forms check the same fields. */
    async save(actor: Actor, values: unknown): Promise<BasicInfoView> {
      const { account: a, step } = applicantOrThrow(actor);
      const raw = values && typeof values === 'object' && !Array.isArray(values) ? (values as Record<string, unknown>) : {};
      const unknownKey = Object.keys(raw).find((k) => !step.fields.some((f) => f.name === k));
      if (unknownKey) throw appError('BASIC_INFO_FIELD_UNKNOWN', { key: unknownKey });
      const ctx = { today: clock.now() };
      const errors = validateStep(step, raw, ctx);
      if (errors.length > 0) throw appError('BASIC_INFO_INVALID', { first: errors[0]!.message, count: errors.length }, { fieldErrors: errors });
      const next = basicInfoOf(cleanStep(step, raw, ctx));
      const now = clock.now();
      return db.transaction().execute(async (tx) => {
        const before = await findBasicInfo(tx, a.id, { forUpdate: true });
        const previous = basicInfoOf(before.basicInfo);
        const changed = step.fields.map((f) => f.name as keyof BasicInfo).filter((k) => (previous[k] ?? '') !== (next[k] ?? ''));
        if (changed.length === 0) return view(a, previous, before.basicInfoUpdatedAt);
        await saveBasicInfo(tx, a.id, next as Record<string, string>, now);
        // Which fields changed, not their values: the log is read by auditors, the values are personal data.
        await audit.record({ action: 'account.basic-info', actorAccountId: a.id, objectType: 'account', objectId: a.id, actor, details: { changed } }, tx);
        return view(a, next, now);
      });
    },
  };
}

export type BasicInfoService = ReturnType<typeof createBasicInfoService>;
