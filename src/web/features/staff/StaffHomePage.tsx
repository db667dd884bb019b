import { Alert, App, Badge, Button, Checkbox, Input, Menu, Result, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Suspense, useState } from 'react';
import { Await, Link, useLoaderData, useSearchParams } from 'react-router';
import { ITEMS } from '../../../domain/items/index.ts';
import { CASE_SORT_LABELS, staffApi, type BatchResult, type CasePage, type CaseRow, type QueueView } from '../../api/staff.ts';
import { BATCH_ISSUE_MAX } from '../../../contract/staff.ts';
import { useAddressPagination } from '../../components/address-pagination.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useReload, type Later } from '../../app/loaders.ts';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import { DeadlineTag } from '../../components/DeadlineTag.tsx';
import { CASE_FILTERS, type staffHomeLoader } from './staff-home.loader.ts';

/** 审批工作台: the queues of the staff member's roles, with search and filters. */
export function StaffHomePage() {
  const data = useLoaderData<typeof staffHomeLoader>();
  if (data.refused !== null) {
    return (
      <PageFrame crumbs={[{ title: '审批工作台' }]}>
        <div className="panel">
          <Result status="403" title="无权访问" subTitle={data.refused} />
        </div>
      </PageFrame>
    );
  }
  return <StaffHome roles={data.roles} queues={data.queues} cases={data.cases} />;
}

function StaffHome({ roles, queues, cases }: { roles: string[]; queues: QueueView[]; cases: Later<CasePage> }) {
  const [params, setParams] = useSearchParams();
  const queue = params.get('queue') ?? '';
  const q = params.get('q') ?? '';
  const item = params.get('item') ?? '';
  const overdue = params.get('overdue') ?? '';
  const type = params.get('type') ?? '';
  const sort = params.get('sort') ?? '';
  const holder = params.get('holder') ?? '';
  const types = ITEMS.find((i) => i.code === item)?.applicationTypes ?? [];

  /** A changed filter or order starts again at page 1. */
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next);
  };

  return (
    <PageFrame crumbs={[{ title: '审批工作台' }]} title="审批工作台">
      <div className="home-grid">
        <nav className="panel" aria-label="待办队列">
          <Typography.Title level={2} style={{ fontSize: 17, marginTop: 0 }}>
            待办队列
          </Typography.Title>
          <Menu
            mode="inline"
            selectedKeys={[queue || '__all']}
            onClick={(e) => set('queue', e.key === '__all' ? '' : e.key)}
            items={[
              { key: '__all', label: '全部待办' },
              ...queues.map((x) => ({
                key: x.queue,
                label: (
                  <span className="queue-label">
                    {x.queue} <Badge count={x.count} showZero color={x.count ? '#0b4f9c' : '#8c8c8c'} />
                  </span>
                ),
              })),
            ]}
          />
          <ul className="nav-list" style={{ marginTop: 12 }}>
            <li>
              <Link to="/staff/search">全部案件（含已办结、已办）</Link>
            </li>
          </ul>
          {roles.includes('head') ? <HeadLinks /> : null}
          {roles.includes('publisher') ? (
            <div style={{ marginTop: 12, paddingTop: 12, borderTop: '1px solid #eef0f3' }}>
              <p className="muted">待公示、待公告的案件按批次发布；公示期内的陈述逐件答复。</p>
              <ul className="nav-list">
                <li>
                  <Link to="/staff/notices">批量发布公示、公告</Link>
                </li>
                <li>
                  <Link to="/staff/statements">答复申请人陈述</Link>
                </li>
              </ul>
            </div>
          ) : null}
        </nav>
        <section className="panel" aria-label="案件列表">
          <div className="filters">
            <Input.Search
              placeholder="申报编号、单位/申请人名称、统一社会信用代码"
              aria-label="搜索案件"
              defaultValue={q}
              allowClear
              onSearch={(v) => set('q', v.trim())}
              style={{ maxWidth: 380 }}
            />
            <Select
              aria-label="按事项筛选"
              value={item || undefined}
              placeholder="全部事项"
              allowClear
              onChange={(v) => {
                const next = new URLSearchParams(params);
                next.delete('type');
                next.delete('page');
                if (v) next.set('item', v);
                else next.delete('item');
                setParams(next);
              }}
              options={ITEMS.map((i) => ({ value: i.code, label: i.title }))}
              style={{ minWidth: 240 }}
            />
            {types.length > 1 ? (
              <Select
                aria-label="按申请内容筛选"
                value={type || undefined}
                placeholder="全部申请内容"
                allowClear
                onChange={(v) => set('type', v ?? '')}
                options={types.map((t) => ({ value: t.value, label: t.label }))}
                style={{ minWidth: 240, maxWidth: 420 }}
              />
            ) : null}
            <Select
              aria-label="按经办人筛选"
              value={holder}
              onChange={(v) => set('holder', v)}
              options={[
                { value: '', label: '全部经办人' },
                { value: 'mine', label: '我认领的' },
                { value: 'free', label: '未认领' },
              ]}
              style={{ minWidth: 130 }}
            />
            <Checkbox checked={overdue === 'true'} onChange={(e) => set('overdue', e.target.checked ? 'true' : '')}>
              仅看逾期
            </Checkbox>
            <Select
              aria-label="排序"
              value={(sort || 'entered') as keyof typeof CASE_SORT_LABELS}
              onChange={(v) => set('sort', v === 'entered' ? '' : v)}
              options={Object.entries(CASE_SORT_LABELS).map(([value, label]) => ({ value, label }))}
              style={{ minWidth: 220 }}
            />
            <Button href={staffApi.casesExportUrl(Object.fromEntries(CASE_FILTERS.map((k) => [k, params.get(k) ?? ''])))}>导出Excel</Button>
          </div>
          <Suspense fallback={<CaseList page={null} overdue={overdue} />}>
            <Await
              resolve={cases}
              errorElement={
                <>
                  <AsyncErrorAlert />
                  <CaseList page={null} overdue={overdue} />
                </>
              }
            >
              {(page: CasePage) => <CaseList page={page} overdue={overdue} batchIssue={queue === '待制证' && roles.includes('issuer')} />}
            </Await>
          </Suspense>
        </section>
      </div>
    </PageFrame>
  );
}

/** One page of a queue (null while it loads), and its count; in 待制证 the issuer may select cases for 批量制证完成. */
function CaseList({ page, overdue, batchIssue = false }: { page: CasePage | null; overdue: string; batchIssue?: boolean }) {
  const pagination = useAddressPagination(page);
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<BatchResult['results'] | null>(null);
  const reload = useReload();
  const { modal, message } = App.useApp();
  const issue = () =>
    modal.confirm({
      title: `对选中的 ${selected.length} 件案件制证完成？`,
      content: '每件案件分别办理：制证完成后出具证书并记入资质登记，不能撤回；不能办理的案件保持原状并说明原因。',
      okText: '制证完成',
      cancelText: '取消',
      onOk: async () => {
        setBusy(true);
        try {
          const { results } = await staffApi.batchIssue(selected);
          setOutcome(results);
          setSelected([]);
          await reload();
        } catch (error) {
          message.error(error instanceof Error ? error.message : '批量制证失败，请稍后重试');
        } finally {
          setBusy(false);
        }
      },
    });
  const done = outcome?.filter((r) => r.ok) ?? [];
  const refused = outcome?.filter((r) => !r.ok) ?? [];
  return (
    <>
      {page ? (
        <p className="muted" aria-live="polite">
          共 {page.total} 件{overdue === 'true' ? '逾期' : ''}案件
        </p>
      ) : null}
      {batchIssue ? (
        <div className="batch-bar">
          <Button type="primary" disabled={selected.length === 0} loading={busy} onClick={issue}>
            批量制证完成{selected.length ? `（${selected.length} 件）` : ''}
          </Button>
          <span className="muted"> 一次最多 {BATCH_ISSUE_MAX} 件，逐件办理、逐件给出结果。</span>
        </div>
      ) : null}
      {outcome ? (
        <div role="status" aria-label="批量制证结果">
        <Alert
          type={refused.length ? 'warning' : 'success'}
          closable
          onClose={() => setOutcome(null)}
          style={{ marginBottom: 12 }}
          title={`批量制证完成：成功 ${done.length} 件${refused.length ? `，未办理 ${refused.length} 件` : ''}`}
          description={
            <ul className="plain-list">
              {outcome.map((r) => (
                <li key={r.id}>
                  {r.number ?? r.id}：{r.ok ? '已制证完成' : `未办理——${r.message}`}
                </li>
              ))}
            </ul>
          }
        />
        </div>
      ) : null}
      <Table<CaseRow>
        rowKey="id"
        rowSelection={
          batchIssue
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String).slice(0, BATCH_ISSUE_MAX)),
                getCheckboxProps: (r) => ({ 'aria-label': `选择 ${r.number}` }),
              }
            : undefined
        }
        loading={page === null}
        dataSource={page?.cases ?? []}
        pagination={pagination}
        scroll={{ x: 800 }}
        locale={{ emptyText: '暂无待办案件' }}
        columns={[
          { title: '申报编号', dataIndex: 'number', render: (n: string, r) => <Link to={`/staff/cases/${r.id}`}>{n}</Link> },
          { title: '事项', dataIndex: 'itemTitle' },
          { title: '申请内容', dataIndex: 'applicationTypeLabel', render: (v: string | null) => v ?? '—' },
          { title: '申请人', dataIndex: 'applicantName' },
          { title: '提交时间', dataIndex: 'submittedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          {
            title: '经办人',
            dataIndex: 'holder',
            // A name or 未认领 on one line; the deadline tag beside it is wide.
            width: 96,
            onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            render: (h: CaseRow['holder']) => (h ? h.mine ? <Tag color="blue">我</Tag> : h.name : <span className="muted">未认领</span>),
          },
          { title: '办理时限', dataIndex: 'deadline', render: (d: CaseRow['deadline']) => <DeadlineTag deadline={d} /> },
        ]}
        rowClassName={(r) => (r.deadline?.overdue ? 'row-overdue' : r.deadline?.nearDue ? 'row-near-due' : '')}
      />
    </>
  );
}

/** The 负责人's own work: 延期审批 with its pending count. */
function HeadLinks() {
  const data = useLoaderData<typeof staffHomeLoader>();
  const pendingExtensions = data.refused === null ? data.pendingExtensions : null;
  const link = (pending: number | null) => (
    <Link to="/staff/extensions">
      延期审批 <Badge count={pending ?? 0} showZero color={pending ? '#0b4f9c' : '#8c8c8c'} />
    </Link>
  );
  return (
    <div style={{ marginTop: 12, paddingTop: 12, borderTop: '1px solid #eef0f3' }}>
      <p className="muted">负责人：审批延期申请（行政许可法第四十二条），查看办件统计，维护各岗位的常用意见。</p>
      <ul className="nav-list">
        <li>
          <Suspense fallback={link(null)}>
            <Await resolve={pendingExtensions} errorElement={link(null)}>
              {(pending: number | null) => link(pending)}
            </Await>
          </Suspense>
        </li>
        <li>
          <Link to="/staff/statistics">办件统计</Link>
        </li>
        <li>
          <Link to="/staff/templates">常用意见（一次性告知用语）</Link>
        </li>
      </ul>
    </div>
  );
}
