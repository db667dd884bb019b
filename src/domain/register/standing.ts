/** A certificate's standing on a given day, as 我的资质, 资质查询 and /verify say it. */

export interface StandingInput {
  /** The register row: 'void' once cancelled (已注销). */
  status: 'valid' | 'void';
  validUntil: string;
  /** The day a 延续 still pending was submitted (YYYY-MM-DD), if any. */
  renewalFiledOn?: string;
}

export interface Standing {
  code: 'valid' | 'deemed' | 'expired' | 'void';
  /** 有效 / 有效（视为准予延续）/ 已过期 / 已注销. */
  label: string;
  /** Days from today to the last day of validity (0 on the last day); negative once past. */
  daysLeft: number;
  /** A sentence for the holder or the public when the plain label is not enough. */
  note?: string;
}

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

export function daysUntil(today: string, date: string): number {
  return dayNumber(date) - dayNumber(today);
}

export function certificateStanding(c: StandingInput, today: string): Standing {
  const daysLeft = daysUntil(today, c.validUntil);
  if (c.status === 'void') return { code: 'void', label: '已注销', daysLeft };
  if (daysLeft >= 0) {
    const note = c.renewalFiledOn ? `已于${c.renewalFiledOn}申请延续，正在审查` : undefined;
    return { code: 'valid', label: '有效', daysLeft, ...(note ? { note } : {}) };
  }
  // 行政许可法 Art. 50: a 延续 applied for in time and not decided by the expiry is deemed granted.
  if (c.renewalFiledOn && c.renewalFiledOn <= c.validUntil) {
    return {
      code: 'deemed',
      label: '有效（视为准予延续）',
      daysLeft,
      note: `已于${c.renewalFiledOn}（有效期届满前）申请延续，有效期届满（${c.validUntil}）时尚未作出决定，依《中华人民共和国行政许可法》第五十条视为准予延续`,
    };
  }
  return { code: 'expired', label: '已过期', daysLeft, note: `有效期已于${c.validUntil}届满` };
}
