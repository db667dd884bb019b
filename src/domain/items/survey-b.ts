import { enterpriseQualificationItem } from './enterprise-qualification.ts';

/** 建设工程勘察企业资质认定（乙级）. */
export const surveyB = enterpriseQualificationItem({
  code: 'survey-b',
  title: '建设工程勘察企业资质认定（乙级）',
  numberPrefix: 'KC',
  work: '勘察',
  catalogue: 'survey',
  registerLetter: 'B',
  scope: '工程勘察专业乙级资质',
  applicantScope: '工程勘察专业乙级资质',
  ministryScope: '工程勘察综合资质和甲级资质',
  standardGrades: '相应专业乙级',
  // Document number tagged [M] in REFERENCE §1.1.1.
  standard: '《工程勘察资质标准》（建市〔2013〕9号）',
});
