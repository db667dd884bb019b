import { Alert, Button, DatePicker, Result, Select, Statistic, Table } from 'antd';
import dayjs from 'dayjs';
import { Suspense, type ReactNode } from 'react';
import { Await, useLoaderData, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ITEMS } from '../../../domain/items/index.ts';
import { shanghaiMinute } from '../../../domain/calendar/index.ts';
import { STATISTICS_MAX_DAYS } from '../../../contract/statistics.ts';
import { ACCEPT_LIMIT_DAYS, ISSUE_LIMIT_DAYS } from '../../../domain/workflow/index.ts';
import { statisticsApi, type NodeTime, type StatisticsFigures, type StatisticsQuery, type StatisticsReport, type StatisticsRow } from '../../api/statistics.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import type { statisticsLoader } from './statistics.loader.ts';
import './statistics.css';

const frame = (children: ReactNode) => (
  <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '办件统计' }]} title="办件统计">
    {children}
  </PageFrame>
);

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** A 申请内容's name, short enough for a chart axis: the item's own when it has one kind only. */
const rowName = (r: StatisticsRow) => r.applicationTypeLabel ?? r.itemTitle;

/** 办件统计 (负责人): a period's cases per item and 申请内容, as charts and tables, and as .xlsx. */
export function StatisticsPage() {
  const data = useLoaderData<typeof statisticsLoader>();
  const [params] = useSearchParams();
  if (!data.allowed)
    return frame(
      <div className="panel">
        <Result status="403" title="无权访问" subTitle="办件统计仅限负责人查看。" />
      </div>,
    );
  return frame(
    <div className="panel statistics">
      <Filters query={data.query} />
      <Suspense key={params.toString()} fallback={<Report report={null} query={data.query} />}>
        <Await
          resolve={data.report}
          errorElement={
            <>
              <AsyncErrorAlert style={{ marginBottom: 12 }} />
            </>
          }
        >
          {(report: StatisticsReport) => <Report report={report} query={data.query} />}
        </Await>
      </Suspense>
    </div>,
  );
}

function Filters({ query }: { query: StatisticsQuery }) {
  const [params, setParams] = useSearchParams();
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const today = dayjs();
  const quarterStart = today.month(Math.floor(today.month() / 3) * 3).startOf('month');
  return (
    <div className="filters" role="search" aria-label="统计条件">
      <DatePicker.RangePicker
        aria-label="统计期间"
        value={[dayjs(query.from), dayjs(query.to)]}
        allowClear={false}
        presets={[
          { label: '本月', value: [today.startOf('month'), today] },
          { label: '上月', value: [today.subtract(1, 'month').startOf('month'), today.subtract(1, 'month').endOf('month')] },
          { label: '本季度', value: [quarterStart, today] },
          { label: '本年', value: [today.startOf('year'), today] },
          { label: '近12个月', value: [today.subtract(12, 'month').add(1, 'day'), today] },
        ]}
        onChange={(v) => {
          if (v?.[0] && v[1]) set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') });
        }}
      />
      <Select
        aria-label="按事项统计"
        value={query.item}
        placeholder="全部事项"
        allowClear
        onChange={(v?: string) => set({ item: v ?? '' })}
        options={ITEMS.map((i) => ({ value: i.code, label: i.title }))}
        style={{ minWidth: 260 }}
      />
      <Button href={statisticsApi.exportUrl(query)}>导出Excel</Button>
    </div>
  );
}

function Report({ report, query }: { report: StatisticsReport | null; query: StatisticsQuery }) {
  const t = report?.total;
  return (
    <>
      <p className="muted" aria-live="polite">
        统计期间 {query.from} 至 {query.to}（北京时间，含首尾两日，最长 {STATISTICS_MAX_DAYS} 天）{report ? `；当前逾期截至 ${shanghaiMinute(new Date(report.asOf))}` : ''}
      </p>
      {report && report.skipped > 0 ? <Alert type="warning" showIcon title={`另有 ${report.skipped} 件案件的办理记录无法读取，未计入统计，请联系系统管理员。`} style={{ marginBottom: 12 }} /> : null}
      <div className="statistics-cards" role="group" aria-label="合计">
        <Statistic title="收件" value={t?.received ?? '—'} loading={!t} />
        <Statistic title="受理" value={t?.accepted ?? '—'} loading={!t} />
        <Statistic title="办结" value={t?.decided ?? '—'} loading={!t} suffix={t ? <span className="muted small">（不予 {t.refused}）</span> : null} />
        <Statistic title="按时办结率" value={t ? percent(t.onTimeRate) : '—'} loading={!t} />
        <Statistic title="当前逾期" value={t?.overdueNow ?? '—'} loading={!t} valueStyle={t?.overdueNow ? { color: '#cf1322' } : undefined} />
      </div>
      {report && report.rows.length > 0 ? <Charts report={report} /> : null}
      <h2 className="section-title">按事项和申请内容</h2>
      <FiguresTable report={report} />
      <h2 className="section-title">各环节平均用时（工作日）</h2>
      <NodesTable nodes={t?.nodes ?? []} loading={!report} caption="全部事项各环节用时" />
      <Definitions />
    </>
  );
}

function Charts({ report }: { report: StatisticsReport }) {
  const rows = report.rows.map((r) => ({ name: rowName(r), 收件: r.received, 受理: r.accepted, 办结: r.decided, 不予: r.refused, 当前逾期: r.overdueNow }));
  const nodes = report.total.nodes.map((n) => ({ name: n.label, 平均用时: n.averageWorkingDays }));
  const height = Math.max(160, rows.length * 56 + 60);
  const summary = report.rows.map((r) => `${rowName(r)}：收件${r.received}、受理${r.accepted}、办结${r.decided}`).join('；');
  return (
    <div className="statistics-charts">
      <figure role="img" aria-label={`各申请内容办件量。${summary}`}>
        <figcaption>各申请内容办件量</figcaption>
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 24 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={200} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend itemSorter={null} />
            <Bar dataKey="收件" fill="#1677ff" />
            <Bar dataKey="受理" fill="#13c2c2" />
            <Bar dataKey="办结" fill="#52c41a" />
            <Bar dataKey="不予" fill="#faad14" />
            <Bar dataKey="当前逾期" fill="#cf1322" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      {nodes.length > 0 ? (
        <figure role="img" aria-label={`各环节平均用时（工作日）。${nodes.map((n) => `${n.name}${n.平均用时}`).join('；')}`}>
          <figcaption>各环节平均用时（工作日）</figcaption>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={nodes} margin={{ left: 0, right: 24 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
              <YAxis allowDecimals />
              <Tooltip />
              <Bar dataKey="平均用时" fill="#1677ff" />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      ) : null}
    </div>
  );
}

function countColumns<T extends StatisticsFigures>() {
  const num = (key: keyof StatisticsFigures & string, title: string) => ({ title, dataIndex: key, key, align: 'right' as const, width: 64 });
  return [
    num('received', '收件'),
    num('accepted', '受理'),
    num('decided', '办结'),
    num('granted', '其中准予'),
    num('refused', '其中不予'),
    num('withdrawn', '撤回'),
    num('onTime', '按时办结'),
    { title: '按时办结率', key: 'rate', align: 'right' as const, width: 96, render: (_: unknown, r: T) => percent(r.onTimeRate) },
    {
      title: '当前逾期',
      dataIndex: 'overdueNow',
      key: 'overdueNow',
      align: 'right' as const,
      width: 80,
      render: (n: number) => (n > 0 ? <span className="overdue-text">{n}</span> : n),
    },
  ];
}

function FiguresTable({ report }: { report: StatisticsReport | null }) {
  const total = report?.total;
  const columns = [
    {
      title: '事项 / 申请内容',
      key: 'item',
      render: (_: unknown, r: StatisticsRow) => (
        <>
          <div>{r.itemTitle}</div>
          {r.applicationTypeLabel ? <div className="muted small">{r.applicationTypeLabel}</div> : null}
        </>
      ),
    },
    ...countColumns<StatisticsRow>(),
  ];
  return (
    <Table<StatisticsRow>
      className="stats-table"
      rowKey={(r) => `${r.item}/${r.applicationType ?? ''}`}
      loading={!report}
      dataSource={report?.rows ?? []}
      pagination={false}
      scroll={{ x: 880 }}
      locale={{ emptyText: '统计期间内没有办件' }}
      expandable={{
        expandedRowRender: (r) => <NodesTable nodes={r.nodes} loading={false} caption={`${rowName(r)}各环节用时`} />,
        rowExpandable: (r) => r.nodes.length > 0,
        expandRowByClick: false,
      }}
      columns={columns}
      summary={() =>
        total && report!.rows.length > 0 ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} />
            <Table.Summary.Cell index={1}>合计</Table.Summary.Cell>
            {[total.received, total.accepted, total.decided, total.granted, total.refused, total.withdrawn, total.onTime].map((n, i) => (
              <Table.Summary.Cell key={i} index={2 + i} align="right">
                {n}
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={9} align="right">
              {percent(total.onTimeRate)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={10} align="right">
              {total.overdueNow}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}

function NodesTable({ nodes, loading, caption }: { nodes: readonly NodeTime[]; loading: boolean; caption: string }) {
  return (
    <Table<NodeTime>
      size="small"
      aria-label={caption}
      rowKey="label"
      loading={loading}
      dataSource={[...nodes]}
      pagination={false}
      locale={{ emptyText: '统计期间内没有办完的环节' }}
      columns={[
        { title: '环节', dataIndex: 'label', width: 180 },
        { title: '办理件次', dataIndex: 'visits', align: 'right', width: 100 },
        { title: '平均用时（工作日）', dataIndex: 'averageWorkingDays', align: 'right', width: 160 },
        { title: '最长用时（工作日）', dataIndex: 'maxWorkingDays', align: 'right', width: 160 },
      ]}
    />
  );
}

function Definitions() {
  return (
    <div className="muted definitions">
      <p>口径说明：</p>
      <ul>
        <li>收件：统计期间内提交的申请；受理：统计期间内受理的申请；办结：统计期间内作出决定的申请（准予许可、备案、注销、转报为“准予”，不予许可、不予受理为“不予”），撤回（含逾期未补正视为撤回）另计。</li>
        <li>
          按时办结：不予受理的，在受理环节的 {ACCEPT_LIMIT_DAYS} 个工作日内作出；其他的，自受理之日起在法定办理时限内作出决定（补正、专家评审、公示期间和中止审查期间不计入，经批准延期的加上延长的期限），并在决定后 {ISSUE_LIMIT_DAYS} 个工作日内制证。按时办结率 = 按时办结件数 ÷ 办结件数。
        </li>
        <li>环节用时：统计期间内办完的各环节，自进入该环节次日起至办完之日的工作日数，中止审查期间不计入；同一件案件多次进入同一环节的，每次分别计算。</li>
        <li>当前逾期：现在仍在办理、已超过所在环节时限的案件，与统计期间无关。</li>
      </ul>
    </div>
  );
}
