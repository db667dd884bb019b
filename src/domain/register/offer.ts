/**
 * What the register lets an applicant ask for: which 申请内容 are open to them, which
 * qualifications each offers, and the values the register supplies (证书号, 有效期) — the same
 * rules in the wizard and in the server's check at 暂存 and 提交.
 */
import { isSelectableQualification, qualificationsFor, findQualification } from '../qualifications/index.ts';
import type { ApplicationType, FieldDefinition, ItemDefinition } from '../items/types.ts';
import { lowerGradesHeld } from './apply.ts';
import type { CertificateState } from './types.ts';

/** The holder's certificate of this item as the applicant sees it. */
export interface HeldCertificate extends CertificateState {
  number: string;
  /** Past its validity without a pending 延续 (so not usable as a basis for 增项, 变更 …). */
  expired: boolean;
}

export interface TypeOffer {
  available: boolean;
  /** Why a type is closed to this applicant, in their words. */
  reason?: string;
  /** The qualifications this type may name; undefined: the catalogue's selectable ones. */
  qualifications?: readonly string[];
  /** Field values the register supplies, locked in the form. */
  locked: Record<string, string | string[]>;
}

const CERTIFICATE_NEEDED = new Set(['add', 'upgrade', 'renew', 'change', 'reissue', 'cancel']);

function catalogueField(item: ItemDefinition): FieldDefinition | undefined {
  for (const step of item.steps) for (const f of step.fields) if (f.kind === 'qualifications') return f;
  return undefined;
}

/** Selectable qualifications of the item's catalogue (province-approved, active). */
export function selectableCodes(item: ItemDefinition): string[] {
  const field = catalogueField(item);
  return field?.catalogue ? qualificationsFor(field.catalogue).filter(isSelectableQualification).map((q) => q.code) : [];
}

/** What `type` offers to a holder of `held` (undefined: holds nothing of this item). */
export function offerFor(item: ItemDefinition, type: ApplicationType, held: HeldCertificate | undefined): TypeOffer {
  const rules = item.result.register;
  if (!rules) return { available: true, locked: {} };
  const certTitle = item.result.title;
  const usable = held && !held.expired ? held : undefined;
  const f = rules.fields;
  const locked: Record<string, string | string[]> = {};
  if (held) {
    locked[f.number] = held.number;
    if (type.outcome === 'renew') locked[f.expiry] = held.validUntil;
    if (rules.holder === 'engineer') locked[f.expiry] = held.validUntil;
    if (f.employer && type.outcome === 'change' && held.employer) locked[f.employer] = held.employer;
  }
  if (CERTIFICATE_NEEDED.has(type.outcome) && !usable) {
    const reason = held?.expired
      ? `您的${certTitle}（${held.number}）已于${held.validUntil}到期，不能办理“${type.label}”`
      : `您尚未持有本市核发的有效${certTitle}，不能办理“${type.label}”`;
    return { available: false, reason, locked: {} };
  }
  const heldCodes = usable?.holdings ?? [];
  switch (type.outcome) {
    case 'issue':
      if (usable) return { available: false, reason: `您已持有有效的${certTitle}（${usable.number}），请选择增项、延续、变更等申请内容`, locked: {} };
      return { available: true, locked: {} };
    case 'add': {
      const open = selectableCodes(item).filter((c) => !heldCodes.includes(c));
      if (open.length === 0) return { available: false, reason: '您已持有本事项可申请的全部资质', locked };
      return { available: true, qualifications: open, locked };
    }
    case 'upgrade': {
      const open = selectableCodes(item).filter((c) => !heldCodes.includes(c) && lowerGradesHeld(c, heldCodes).length > 0);
      if (open.length === 0) return { available: false, reason: '您未持有可晋升为乙级的较低等级资质', locked };
      return { available: true, qualifications: open, locked };
    }
    case 'renew':
    case 'cancel':
      return { available: true, ...(f.qualifications ? { qualifications: heldCodes } : {}), locked };
    case 'change':
    case 'reissue':
      if (f.qualifications) locked[f.qualifications] = [...heldCodes];
      return { available: true, ...(f.qualifications ? { qualifications: heldCodes } : {}), locked };
    case 'reassess':
      if (!held) delete locked[f.number];
      return { available: true, locked };
    case 'none':
      return { available: true, locked: {} };
  }
}

/** Display name of a held code (held legacy codes are outside the selectable catalogue). */
export function qualificationName(code: string): string {
  return findQualification(code)?.name ?? code;
}
