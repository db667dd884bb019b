export type { CertificateNumbering, CertificateState, HolderKind, Outcome, RegisterRules } from './types.ts';
export { applyDecision, lowerGradesHeld, qualificationBase, validityEnd, type DecisionInput, type RegisterChange } from './apply.ts';
export { formatCertificateNumber, mod11_10 } from './numbering.ts';
export { offerFor, qualificationName, selectableCodes, type HeldCertificate, type TypeOffer } from './offer.ts';
export { certificateStanding, daysUntil, type Standing } from './standing.ts';
