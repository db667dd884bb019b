/** The register's rules as a pure function: the certificate before a decision → after it. */
import { addCalendarDays, addYears } from '../calendar/index.ts';
import { findQualification } from '../qualifications/index.ts';
import type { CertificateState, Outcome, RegisterRules } from './types.ts';

/** Last day of a validity of `years` that starts on `from` (2026-12-06 + 5 → 2031-12-05). */
export function validityEnd(from: string, years: number): string {
  return addCalendarDays(addYears(from, years), -1);
}

/** The code without its grade letter: A31701B → A31701 (same qualification, any grade). */
export function qualificationBase(code: string): string {
  return code.slice(0, -1);
}

const GRADE_RANK: Record<string, number> = { A: 4, B: 3, C: 2, D: 1 };

/** Held codes that `code` upgrades: the same qualification at a lower grade. */
export function lowerGradesHeld(code: string, held: readonly string[]): string[] {
  const rank = GRADE_RANK[code.slice(-1)] ?? 0;
  return held.filter((h) => h !== code && qualificationBase(h) === qualificationBase(code) && (GRADE_RANK[h.slice(-1)] ?? 0) < rank);
}

export interface DecisionInput {
  outcome: Outcome;
  rules: RegisterRules;
  /** The qualifications the case asked for (enterprises). */
  chosen: readonly string[];
  /** Date of issue (发证日期), YYYY-MM-DD. */
  date: string;
  /** Engineers: 注册单位 as decided (变更注册 moves it). */
  employer?: string;
}

export type RegisterChange =
  | { effect: 'none' }
  /** A certificate is (re)issued: `fresh` when it needs a new number. */
  | { effect: 'issue'; certificate: CertificateState; fresh: boolean; added: string[]; removed: string[] }
  /** Nothing is left: the certificate becomes void (已注销). */
  | { effect: 'void'; removed: string[] }
  | { effect: 'refused'; message: string };

const refused = (message: string): RegisterChange => ({ effect: 'refused', message });

function names(codes: readonly string[]): string {
  return codes.map((c) => `“${findQualification(c)?.name ?? c}”`).join('、');
}

/**
 * What a 准予 decision does to the holder's current certificate of the item (`before`, undefined
 * when there is none). Refuses — instead of guessing — when the register no longer allows the
 * decision (e.g. another case already cancelled a qualification this one extends).
 */
export function applyDecision(before: CertificateState | undefined, input: DecisionInput): RegisterChange {
  const { outcome, rules, date } = input;
  const chosen = [...new Set(input.chosen)];
  const engineer = rules.holder === 'engineer';
  if (outcome === 'none') return { effect: 'none' };
  if (outcome === 'issue') {
    if (before) return refused(`已持有有效证书（${before.number ?? ''}），不能再次首次申请`);
    if (!engineer && chosen.length === 0) return refused('未选择资质');
    return {
      effect: 'issue',
      fresh: true,
      certificate: { validFrom: date, validUntil: validityEnd(date, rules.validityYears), holdings: engineer ? [] : chosen, ...(engineer ? { employer: input.employer } : {}) },
      added: engineer ? [] : chosen,
      removed: [],
    };
  }
  if (outcome === 'reassess') {
    if (chosen.length === 0) return refused('未选择资质');
    const years = rules.reassessValidityYears?.years ?? rules.validityYears;
    const held = before?.holdings ?? [];
    return {
      effect: 'issue',
      fresh: !before,
      certificate: { ...(before?.number ? { number: before.number } : {}), validFrom: date, validUntil: validityEnd(date, years), holdings: chosen },
      added: chosen.filter((c) => !held.includes(c)),
      removed: held.filter((h) => !chosen.includes(h)),
    };
  }
  if (!before) return refused('未持有该事项的有效证书');
  const held = before.holdings;
  const reissue = (certificate: CertificateState, added: string[] = [], removed: string[] = []): RegisterChange => ({ effect: 'issue', fresh: false, certificate, added, removed });
  switch (outcome) {
    case 'add': {
      const already = chosen.filter((c) => held.includes(c));
      if (already.length > 0) return refused(`已持有${names(already)}，不能增项申请`);
      if (chosen.length === 0) return refused('未选择资质');
      return reissue({ ...before, holdings: [...held, ...chosen] }, chosen);
    }
    case 'upgrade': {
      if (chosen.length === 0) return refused('未选择资质');
      const replaced = new Set<string>();
      for (const code of chosen) {
        if (held.includes(code)) return refused(`已持有${names([code])}`);
        const lower = lowerGradesHeld(code, held);
        if (lower.length === 0) return refused(`未持有${names([code])}的较低等级资质，不能晋升`);
        lower.forEach((l) => replaced.add(l));
      }
      return reissue({ ...before, holdings: [...held.filter((h) => !replaced.has(h)), ...chosen] }, chosen, [...replaced]);
    }
    case 'renew': {
      // Qualifications not chosen for 延续 end with the old certificate's validity.
      const kept = engineer ? [] : chosen.length > 0 ? held.filter((h) => chosen.includes(h)) : [...held];
      const missing = chosen.filter((c) => !held.includes(c));
      if (missing.length > 0) return refused(`未持有${names(missing)}，不能申请延续`);
      // The holder has held it without a break: the validity runs on from the same start.
      return reissue(
        { ...before, holdings: kept, validUntil: addYears(before.validUntil, rules.validityYears) },
        [],
        held.filter((h) => !kept.includes(h)),
      );
    }
    case 'change':
      return reissue({ ...before, ...(engineer && input.employer ? { employer: input.employer } : {}) });
    case 'reissue':
      return reissue({ ...before });
    case 'cancel': {
      if (engineer) return { effect: 'void', removed: [] };
      if (chosen.length === 0) return refused('未选择要注销的资质');
      const missing = chosen.filter((c) => !held.includes(c));
      if (missing.length > 0) return refused(`未持有${names(missing)}，不能注销`);
      const rest = held.filter((h) => !chosen.includes(h));
      if (rest.length === 0) return { effect: 'void', removed: [...held] };
      return reissue({ ...before, holdings: rest }, [], chosen);
    }
  }
}
