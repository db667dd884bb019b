import { Tag, type TableColumnsType } from 'antd';
import { shanghaiDateOf } from '../../../domain/calendar/index.ts';
import { findItem } from '../../../domain/items/index.ts';
import { VARIANTS } from '../../../domain/workflow/index.ts';
import type { ErrorCode } from '../../api/client.ts';
import type { BatchSummary, NoticeKind, NoticeEntryFacts, StatementRow } from '../../api/notices.ts';

/** 公示 / 公告 */
export const KIND_LABEL: Record<NoticeKind, string> = { notice: '公示', announcement: '公告' };

/** A preview or publication refused because a chosen case moved on meanwhile: the choice is stale. */
export const CHOICE_STALE = ['BATCH_CASE_NOT_WAITING', 'CASE_NOT_FOUND'] as const satisfies readonly ErrorCode[];

/** The opinion column's heading, as on the public pages. */
export const OPINION_HEADER: Record<NoticeKind, string> = { notice: '审查意见', announcement: '许可决定' };

export const itemTitle = (code: string) => findItem(code)?.title ?? code;

const NODE_LABELS = new Map<string, string>();
for (const variant of Object.values(VARIANTS)) for (const node of variant.nodes) if (!NODE_LABELS.has(node.key)) NODE_LABELS.set(node.key, node.label);

/** A case's current node for people: 审查, 公示, 公告 …; 已办结 once the case has ended. */
export const nodeLabel = (node: string | null) => (node ? (NODE_LABELS.get(node) ?? node) : '已办结');

/** 同意 / 准予… read as favourable; 不同意 / 不予… as unfavourable. */
const favourable = (opinion: string) => !opinion.startsWith('不');

/** The opinion as a coloured tag for staff, with its reason. */
export function OpinionTag({ opinion, reason }: { opinion: string; reason: string | null }) {
  return (
    <span>
      <Tag color={favourable(opinion) ? 'green' : 'red'}>{opinion}</Tag>
      {reason ? <span className="opinion-reason">{reason}</span> : null}
    </span>
  );
}

/** 公示中 / 已结束 for a 公示 batch (closed, or its last day is before today in Beijing); 已发布 for a 公告. */
export function batchStateLabel(b: Pick<BatchSummary, 'kind' | 'status' | 'endsOn'>): string {
  if (b.kind !== 'notice') return '已发布';
  return b.status === 'closed' || (b.endsOn !== null && b.endsOn < shanghaiDateOf(new Date())) ? '已结束' : '公示中';
}

export function BatchStateTag({ batch }: { batch: Pick<BatchSummary, 'kind' | 'status' | 'endsOn'> }) {
  const label = batchStateLabel(batch);
  return <Tag color={label === '公示中' ? 'processing' : label === '已结束' ? 'default' : 'success'}>{label}</Tag>;
}

export const periodText = (startsOn: string | null, endsOn: string | null) => (startsOn && endsOn ? `${startsOn} 至 ${endsOn}` : '—');

/**
 * The public columns of a 公示/公告 line, exactly as /public/notices/:id shows them: 序号, 名称,
 * 统一社会信用代码, 事项, 申请内容, 申请资质, 审查意见/许可决定 with its reason — never the 申报编号.
 */
export function publicEntryColumns<T extends NoticeEntryFacts>(kind: NoticeKind, position: (row: T, index: number) => number): TableColumnsType<T> {
  return [
    { title: '序号', key: 'position', width: 64, render: (_: unknown, row: T, i: number) => position(row, i) },
    { title: '名称', dataIndex: 'subjectName' },
    { title: '统一社会信用代码', dataIndex: 'uscc', render: (v: string | null) => v ?? '—' },
    { title: '事项', dataIndex: 'item', render: (v: string) => itemTitle(v) },
    { title: '申请内容', dataIndex: 'applicationType', render: (v: string | null) => v ?? '—' },
    { title: '申请资质', dataIndex: 'qualification', render: (v: string | null) => v ?? '—' },
    {
      title: OPINION_HEADER[kind],
      dataIndex: 'opinion',
      render: (v: string, row: T) => (
        <span>
          {v}
          {row.reason ? <span className="opinion-reason">（{row.reason}）</span> : null}
        </span>
      ),
    },
  ];
}

/** 待答复, or how it was answered. */
export function StatementStatusTag({ status, outcome }: Pick<StatementRow, 'status' | 'outcome'>) {
  if (status === 'pending') return <Tag color="orange">待答复</Tag>;
  return <Tag color={outcome === 'returned' ? 'red' : 'green'}>{outcome === 'returned' ? '已答复·退回审查' : '已答复·维持原意见'}</Tag>;
}
