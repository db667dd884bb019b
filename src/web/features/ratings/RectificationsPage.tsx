import { Result, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { Suspense, type ReactNode } from 'react';
import { Await, Link, useLoaderData, useSearchParams } from 'react-router';
import { RECTIFICATION_DAYS } from '../../../domain/ratings.ts';
import type { Rectification } from '../../api/ratings.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useAsyncErrorMessage } from '../../app/RouteError.tsx';
import type { RectificationStatus, rectificationsLoader } from './ratings.loaders.ts';
import { RatingTag } from './RatingTags.tsx';
import './ratings.css';

const STATUSES: Record<RectificationStatus, string> = { open: '待整改', closed: '已办结', all: '全部' };

/** 整改期限 of a task: due day, working days left or late; how a closed one ended. */
export function RectificationDue({ r }: { r: Rectification }) {
  if (r.status === 'closed') {
    return (
      <span className="deadline">
        <span>{r.dueOn}</span>
        {r.closedLate ? <Tag color="orange">逾期办结</Tag> : <Tag color="green">按期办结</Tag>}
      </span>
    );
  }
  return (
    <span className="deadline">
      <span>{r.dueOn}</span>
      {r.overdue ? <Tag color="red">已逾期 {-(r.remainingDays ?? 0)} 个工作日</Tag> : <Tag color={(r.remainingDays ?? 0) <= 3 ? 'orange' : undefined}>剩余 {r.remainingDays} 个工作日</Tag>}
    </span>
  );
}

const frame = (children: ReactNode, title?: string) => (
  <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '好差评统计', to: '/staff/ratings' }, { title: '差评整改' }]} title={title}>
    {children}
  </PageFrame>
);

/** 差评整改 (负责人): every 不满意/非常不满意 rating's task, open ones first by due day. */
export function RectificationsPage() {
  const data = useLoaderData<typeof rectificationsLoader>();
  const [, setParams] = useSearchParams();
  if (!data.allowed) {
    return frame(
      <div className="panel">
        <Result status="403" title="无权访问" subTitle="差评整改由负责人办理。" />
      </div>,
    );
  }
  const { status } = data;
  return frame(
    <div className="panel">
      <p className="rating-note">
        申请人对办理服务作出“不满意”“非常不满意”评价的，应在评价后 {RECTIFICATION_DAYS} 个工作日内核实情况、落实整改，并回访申请人；记录整改措施和回访结果后任务办结，申请人将收到通知。
      </p>
      <Tabs
        activeKey={status}
        onChange={(k) => setParams(k === 'open' ? {} : { status: k }, { replace: true })}
        items={(Object.keys(STATUSES) as RectificationStatus[]).map((k) => ({ key: k, label: STATUSES[k] }))}
      />
      {/* Keyed by the tab: another tab's rows are not shown while loading. */}
      <Suspense key={status} fallback={<RectificationTable status={status} rows={null} />}>
        <Await
          resolve={data.rows}
          errorElement={
            <>
              <RectificationsError />
              <RectificationTable status={status} rows={[]} />
            </>
          }
        >
          {(rows: Rectification[]) => <RectificationTable status={status} rows={rows} />}
        </Await>
      </Suspense>
    </div>,
    '差评整改',
  );
}

function RectificationsError() {
  return <Result status="warning" title={useAsyncErrorMessage()} />;
}

function RectificationTable({ status, rows }: { status: RectificationStatus; rows: Rectification[] | null }) {
  return (
    <Table<Rectification>
      rowKey="id"
      loading={rows === null}
      dataSource={rows ?? []}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: 1080 }}
      rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
      locale={{ emptyText: <span className="muted">{status === 'open' ? '暂无待整改的差评' : '暂无记录'}</span> }}
      columns={[
        { title: '申报编号', key: 'number', render: (_, r) => <Link to={`/staff/rectifications/${r.id}`}>{r.number}</Link> },
        { title: '事项', dataIndex: 'itemTitle', width: 220 },
        { title: '申请人', dataIndex: 'applicantName', render: (v: string | null) => v ?? '—' },
        { title: '评价', key: 'level', render: (_, r) => <RatingTag level={r.level} /> },
        { title: '评价意见', dataIndex: 'comment', ellipsis: true, render: (v: string | null) => v ?? <span className="muted">未填写</span> },
        { title: '评价时间', dataIndex: 'ratedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
        { title: '整改期限', key: 'due', render: (_, r) => <RectificationDue r={r} /> },
        {
          title: '操作',
          key: 'act',
          render: (_, r) => (
            <Link to={`/staff/rectifications/${r.id}`} aria-label={`${r.status === 'open' ? '办理' : '查看'} ${r.number}`}>
              {r.status === 'open' ? '办理' : '查看'}
            </Link>
          ),
        },
      ]}
    />
  );
}
