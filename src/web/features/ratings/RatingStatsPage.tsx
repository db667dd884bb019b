import { Alert, Result, Table } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { Await, Link, useLoaderData } from 'react-router';
import { RATING_LABELS, RATING_LEVELS, RECTIFICATION_DAYS, SATISFACTION_RATE_DEFINITION, formatRate } from '../../../domain/ratings.ts';
import type { RatingStats, RatingStatsRow } from '../../api/ratings.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useAsyncErrorMessage } from '../../app/RouteError.tsx';
import type { ratingStatsLoader } from './ratings.loaders.ts';
import './ratings.css';

function Open({ r }: { r: RatingStatsRow }) {
  const { open, overdue } = r.rectifications;
  return (
    <>
      {open}
      {overdue ? <span className="overdue-text">（逾期 {overdue}）</span> : null}
    </>
  );
}

function Closed({ r }: { r: RatingStatsRow }) {
  const { closed, closedLate } = r.rectifications;
  return (
    <>
      {closed}
      {closedLate ? <span className="muted">（逾期办结 {closedLate}）</span> : null}
    </>
  );
}

const frame = (children: ReactNode, title?: string) => (
  <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '好差评统计' }]} title={title}>
    {children}
  </PageFrame>
);

const refused = (reason: string) =>
  frame(
    <div className="panel">
      <Result status="403" title="无权访问" subTitle={reason} />
    </div>,
  );

/** 好差评统计 (every case role): ratings per item and level, the satisfaction rate, 差评整改 by state. */
export function RatingStatsPage() {
  const data = useLoaderData<typeof ratingStatsLoader>();
  if (!data.allowed) return refused('好差评统计仅限审批工作人员查看。');
  return (
    <Suspense fallback={<Stats stats={null} isHead={data.isHead} />}>
      <Await resolve={data.stats} errorElement={<StatsRefused />}>
        {(stats: RatingStats) => <Stats stats={stats} isHead={data.isHead} />}
      </Await>
    </Suspense>
  );
}

function StatsRefused() {
  return refused(useAsyncErrorMessage());
}

/** The statistics (null while loading). */
function Stats({ stats, isHead }: { stats: RatingStats | null; isHead: boolean }) {
  const num = (v: number) => v;
  return frame(
    <div className="panel">
      <Alert
        type="info"
        showIcon
        className="rating-note"
        title="政务服务“好差评”（国办发〔2019〕51号）"
        description={
          <>
            申请人在办件办结（含不予受理、不予许可，不含撤回）后对办理服务作出五级评价，一事一评，不可修改。“不满意”“非常不满意”的评价由负责人在 {RECTIFICATION_DAYS}{' '}
            个工作日内整改并回访。
            {isHead ? (
              <>
                {' '}
                <Link to="/staff/rectifications">办理差评整改</Link>
              </>
            ) : null}
          </>
        }
      />
      <Table<RatingStatsRow>
        className="stats-table"
        rowKey="item"
        loading={stats === null}
        dataSource={stats?.items ?? []}
        pagination={false}
        scroll={{ x: 1100 }}
        columns={[
          { title: '事项', dataIndex: 'itemTitle', fixed: 'left', width: 260 },
          { title: '评价数', dataIndex: 'total', align: 'right', render: num },
          ...RATING_LEVELS.map((l) => ({ title: RATING_LABELS[l], key: l, align: 'right' as const, render: (_: unknown, r: RatingStatsRow) => r.levels[l] })),
          { title: '满意率', key: 'rate', align: 'right', render: (_, r) => formatRate(r.satisfactionRate) },
          { title: '差评整改', key: 'rect', align: 'right', render: (_, r) => r.rectifications.open + r.rectifications.closed },
          { title: '已整改', key: 'closed', align: 'right', render: (_, r) => <Closed r={r} /> },
          { title: '整改中', key: 'open', align: 'right', render: (_, r) => <Open r={r} /> },
        ]}
        summary={() =>
          stats ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {stats.total.total}
              </Table.Summary.Cell>
              {RATING_LEVELS.map((l, i) => (
                <Table.Summary.Cell key={l} index={2 + i} align="right">
                  {stats.total.levels[l]}
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={7} align="right">
                {formatRate(stats.total.satisfactionRate)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={8} align="right">
                {stats.total.rectifications.open + stats.total.rectifications.closed}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={9} align="right">
                <Closed r={stats.total} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={10} align="right">
                <Open r={stats.total} />
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
      <p className="muted rate-definition">
        {SATISFACTION_RATE_DEFINITION}，保留一位小数；尚无评价的事项不计满意率。“整改中”含已逾期件数，“逾期”以整改期限（评价后 {RECTIFICATION_DAYS} 个工作日）为准。统计截至 {stats?.asOf ?? '—'}。公众可在
        <a href="/public/ratings">政务服务好差评公开页面</a>查看同一统计（不含评价内容）。
      </p>
    </div>,
    '好差评统计',
  );
}
