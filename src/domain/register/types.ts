/**
 * The register (登记簿) of what each enterprise holds (资质) and each engineer is registered for
 * (注册): the source of truth that every decision changes by rule and certificates are built from.
 */

/** Who holds a certificate: an enterprise (by 统一社会信用代码) or an engineer (by 证件号码). */
export type HolderKind = 'enterprise' | 'engineer';

/**
 * What a 准予 decision does to the register, per 申请内容 (行政许可法 Art. 49/50; REFERENCE §6.1):
 * - issue      首次申请 / 初始注册: a new certificate, validity from the date of issue.
 * - add        增项: the chosen qualifications join the holdings; validity of the certificate kept.
 * - upgrade    晋升: the chosen grade replaces the lower grade of the same qualification; validity kept.
 * - renew      延续: validity extended from the OLD expiry date (Art. 50), not from today.
 * - change     变更 (名称、注册单位 …): reissued with the new data; validity kept (Art. 49).
 * - reissue    更改、补办 (遗失、损毁): reissued with the same content and validity.
 * - cancel     注销: only the chosen qualifications leave; the certificate is reissued with the rest
 *              and becomes void only when nothing is left (an engineer's registration: void).
 * - reassess   重新核定 after 合并、分立、改制、重组: the holdings become what is re-assessed, with
 *              the item's shorter re-assessment validity.
 * - none       no change here (跨省变更 is decided by MOHURD; 备案 is not a licence).
 */
export type Outcome = 'issue' | 'add' | 'upgrade' | 'renew' | 'change' | 'reissue' | 'cancel' | 'reassess' | 'none';

/** The national 资质证书编号 layout as data (REFERENCE §6.1), rendered by formatCertificateNumber. */
export interface CertificateNumbering {
  /**
   * Template: {letter} literal text, {year2} two-digit year of issue, {serial:N} the series counter
   * zero-padded to N digits, {check} one check digit over everything before it.
   */
  template: string;
  /** Counter series name; one counter per series (and per year when the template shows the year). */
  series: string;
  perYear: boolean;
}

/** What an item's result puts in the register. */
export interface RegisterRules {
  holder: HolderKind;
  /** Years of validity from the date of issue (资质证书 5, 注册证书 3 — REFERENCE §1.1.1, §1.2). */
  validityYears: number;
  /**
   * Years of validity after 重新核定 of a restructured enterprise [M: 建市〔2014〕79号 as quoted in
   * 晋建市函〔2021〕1929号, REFERENCE §6.1 — unverified for Beijing].
   */
  reassessValidityYears?: { years: number; unverified: true };
  numbering: CertificateNumbering;
  /** Reminders before expiry, days (延续 is due 60 days before expiry for 资质, 30 for 注册). */
  reminderDays: readonly number[];
  /** Days before expiry by which a 延续 should be filed (shown with the reminders). */
  renewBeforeDays: number;
}

/** A certificate as the register holds it now. */
export interface CertificateState {
  /** 证书编号; undefined while a new one is still to be numbered. */
  number?: string;
  /** YYYY-MM-DD. */
  validFrom: string;
  /** Last day of validity, YYYY-MM-DD. */
  validUntil: string;
  /** Catalogue codes held (enterprises); empty for an engineer's registration. */
  holdings: readonly string[];
  /** Engineers: 注册单位. */
  employer?: string;
}
