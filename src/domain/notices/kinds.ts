/** 公示 (a decision proposed, open to 陈述) and 公告 (the decision published). */
export const NOTICE_KIND_LABELS = { notice: '公示', announcement: '公告' } as const;
export type NoticeKindKey = keyof typeof NOTICE_KIND_LABELS;
