import { Radio, Result, Table } from 'antd';
import dayjs from 'dayjs';
import { Suspense, type ReactNode } from 'react';
import { Await, Link, useLoaderData, useSearchParams } from 'react-router';
import type { StatementRow } from '../../api/notices.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import { StatementStatusTag, itemTitle } from './notice-display.tsx';
import type { statementsLoader } from './statements.loader.ts';
import './notices.css';

/** 陈述处理: statements applicants filed during a 公示, oldest first; 待答复 by default. */
export function StatementsPage() {
  const data = useLoaderData<typeof statementsLoader>();
  const [, setParams] = useSearchParams();

  const frame = (children: ReactNode) => (
    <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '陈述处理' }]} title="陈述处理">
      {children}
    </PageFrame>
  );
  if (!data.allowed) {
    return frame(
      <div className="panel">
        <Result status="403" title="无权访问" subTitle="陈述处理仅限公示公告岗工作人员使用。" />
      </div>,
    );
  }

  const { status } = data;
  return frame(
    <div className="panel">
      <p className="muted">申请人在公示期内对审查意见提出的陈述。逐件核查后答复：维持原审查意见，或退回审查（重新审查后需重新公示）。公示期满且陈述均已答复后，案件转入待公告。</p>
      <div className="filters">
        <Radio.Group
          aria-label="陈述范围"
          optionType="button"
          value={status}
          onChange={(e) => setParams(e.target.value === 'all' ? { status: 'all' } : {})}
          options={[
            { value: 'pending', label: '待答复' },
            { value: 'all', label: '全部' },
          ]}
        />
      </div>
      {/* Keyed by the filter: a change of filter shows the table loading rather than the other filter's rows. */}
      <Suspense key={status} fallback={<StatementTable status={status} rows={null} />}>
        <Await
          resolve={data.rows}
          errorElement={
            <>
              <AsyncErrorAlert className="block-gap" />
              <StatementTable status={status} rows={[]} />
            </>
          }
        >
          {(rows: StatementRow[]) => <StatementTable status={status} rows={rows} />}
        </Await>
      </Suspense>
    </div>,
  );
}

function StatementTable({ status, rows }: { status: 'pending' | 'all'; rows: StatementRow[] | null }) {
  return (
    <Table<StatementRow>
      aria-label={status === 'pending' ? '待答复陈述' : '全部陈述'}
      rowKey="id"
      loading={rows === null}
      dataSource={rows ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 900 }}
      size="middle"
      locale={{ emptyText: status === 'pending' ? '暂无待答复的陈述' : '暂无陈述' }}
      columns={[
        {
          title: '申报编号',
          dataIndex: 'number',
          render: (n: string, r) => (
            <span>
              <Link to={`/staff/statements/${r.id}`}>{n}</Link>
              <span className="muted block">{itemTitle(r.item)}</span>
            </span>
          ),
        },
        { title: '申请人', dataIndex: 'applicantName', render: (v: string | null) => v ?? '—' },
        { title: '公示批次', dataIndex: 'batchTitle' },
        { title: '公示截止', dataIndex: 'endsOn', width: 110, render: (v: string | null) => v ?? '—' },
        { title: '提交时间', dataIndex: 'submittedAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
        { title: '状态', key: 'status', width: 150, render: (_: unknown, r) => <StatementStatusTag status={r.status} outcome={r.outcome} /> },
      ]}
    />
  );
}
