import { enterpriseQualificationItem } from './enterprise-qualification.ts';

const MINISTRY_SECTORS = '涉及铁路、交通、水利、信息产业、民航等方面的工程设计乙级资质';

/**
 * 建设工程设计企业资质认定（部分乙级）. "部分乙级" = every 工程设计乙级 except those concerning 铁路、
 * 交通、水利、信息产业、民航, which MOHURD approves (REFERENCE §1.1.1).
 */
export const designB = enterpriseQualificationItem({
  code: 'design-b',
  title: '建设工程设计企业资质认定（部分乙级）',
  numberPrefix: 'SJ',
  work: '设计',
  catalogue: 'design',
  registerLetter: 'A',
  scope: '工程设计行业、专业、专项乙级资质',
  applicantScope: '工程设计行业、专业或专项乙级资质',
  ministryScope: `工程设计综合资质、甲级资质以及${MINISTRY_SECTORS}`,
  standardGrades: '相应行业、专业或专项乙级',
  extraConditions: [`所申请资质不属于${MINISTRY_SECTORS}。`],
  standard: '《工程设计资质标准》（建市〔2007〕86号）',
});
