/**
 * What a 公示 or 公告 line says about one case: only what is published (no ID number, no
 * account), the 审查意见 from the case history, the decision for the 公告.
 */
import { findApplicationType, findItem } from '../../domain/items/index.ts';
import { findQualification } from '../../domain/qualifications/index.ts';
import type { CaseEventInput } from '../../domain/workflow/index.ts';
import type { Application, NoticeEntry } from '../db/schema.ts';

export interface EntryFacts {
  subjectName: string;
  uscc: string | null;
  item: string;
  applicationType: string | null;
  qualification: string | null;
  opinion: string;
  reason: string | null;
}

export type Category = 'enterprise' | 'engineer';

export const categoryOf = (item: string): Category => (findItem(item)?.applicantKind === 'engineer' ? 'engineer' : 'enterprise');

/** 建设工程企业资质 / 二级注册结构工程师注册 / both, for batch titles. */
export function categoryLabel(items: readonly string[]): string {
  const kinds = new Set(items.map(categoryOf));
  if (kinds.size === 1 && kinds.has('engineer')) return '二级注册结构工程师注册';
  if (kinds.size === 1) return '建设工程企业资质';
  return '勘察设计资质资格';
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The public description of a case: an enterprise by name and 统一社会信用代码; an engineer by
 * name and 注册单位, as registration notices are published — never the ID number.
 */
function subjectOf(application: Application): Omit<EntryFacts, 'opinion' | 'reason'> {
  const item = findItem(application.item);
  const data = application.data as Record<string, Record<string, unknown>>;
  const applicant = data.applicant ?? {};
  const content = data.content ?? {};
  const type = (item && application.applicationType && findApplicationType(item, application.applicationType)?.label) || null;
  if (categoryOf(application.item) === 'engineer') {
    return {
      subjectName: str(applicant.applicantName),
      uscc: null,
      item: application.item,
      applicationType: type,
      qualification: `二级注册结构工程师（注册单位：${str(applicant.employer)}）`,
    };
  }
  const codes = Array.isArray(content.qualifications) ? (content.qualifications as unknown[]).map(String) : [];
  return {
    subjectName: str(applicant.orgName),
    uscc: str(applicant.uscc) || null,
    item: application.item,
    applicationType: type,
    qualification: codes.map((c) => findQualification(c)?.name ?? c).join('；') || null,
  };
}

/** 公示: the review's opinion — 同意 unless the review failed (and 复核 confirmed it). */
export function noticeEntryOf(application: Application, history: readonly CaseEventInput[]): EntryFacts {
  const review = [...history].reverse().find((e) => e.node === 'review' && (e.action === 'pass' || e.action === 'fail'));
  return {
    ...subjectOf(application),
    opinion: review?.action === 'fail' ? '不同意' : '同意',
    reason: review?.opinion ?? null,
  };
}

export interface Decision {
  action: 'publish' | 'publish-refusal';
  entry: EntryFacts;
}

/** 公告: the decision the case's last 公示 announced (or 准予注销 for a 注销 without 公示). */
export function decisionOf(application: Application, lastNotice: Pick<NoticeEntry, 'opinion' | 'reason'> | undefined): Decision {
  const subject = subjectOf(application);
  const engineer = categoryOf(application.item) === 'engineer';
  if (application.workflow === 'cancel' || application.workflow === 'engineer-cancel') {
    return { action: 'publish', entry: { ...subject, opinion: '准予注销', reason: null } };
  }
  if (lastNotice?.opinion === '不同意') {
    return { action: 'publish-refusal', entry: { ...subject, opinion: engineer ? '不予注册' : '不予许可', reason: lastNotice.reason } };
  }
  return { action: 'publish', entry: { ...subject, opinion: engineer ? '准予注册' : '准予许可', reason: null } };
}
