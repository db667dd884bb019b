import { Tag } from 'antd';
import type { NodeDeadline } from '../api/staff.ts';

/** 办理时限 of the current node: due date, working days left, overdue and 视为受理 highlighted. */
export function DeadlineTag({ deadline }: { deadline: NodeDeadline | null }) {
  if (deadline?.suspended) return <Tag color="purple">中止审查，暂停计时（剩余 {deadline.remainingDays} 个工作日）</Tag>;
  if (!deadline?.due) return <span className="muted">不计时</span>;
  return (
    <span className="deadline">
      <span>{deadline.due}</span>{' '}
      {deadline.overdue ? (
        <Tag color="red">已逾期 {-deadline.remainingDays} 个工作日</Tag>
      ) : deadline.nearDue ? (
        <Tag color="orange">剩余 {deadline.remainingDays} 个工作日</Tag>
      ) : (
        <Tag>剩余 {deadline.remainingDays} 个工作日</Tag>
      )}
      {deadline.deemedAccepted ? <Tag color="volcano">逾期未告知，视为受理</Tag> : null}
      {deadline.unpublishedYears.length > 0 ? <ProvisionalNote years={deadline.unpublishedYears} /> : null}
    </span>
  );
}

/** A date that runs into a year whose 调休 is not yet published: counted by the statutory holidays only. */
export function ProvisionalNote({ years }: { years: readonly number[] }) {
  // Wraps like text: a long tag would push a 360 px page sideways.
  return (
    <Tag color="gold" style={{ whiteSpace: 'normal' }}>
      暂定：{years.join('、')}年放假安排尚未公布，按法定节假日推算
    </Tag>
  );
}
