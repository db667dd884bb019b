import { Button, DatePicker, Descriptions, Input, Select, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Suspense } from 'react';
import { Await, useLoaderData, useSearchParams } from 'react-router';
import { AUDIT_ACTION_GROUPS } from '../../../domain/audit-actions.ts';
import { adminApi, type AuditEntry, type AuditFilter } from '../../api/admin.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import { AUDIT_FILTER_KEYS as FILTER_KEYS, type auditLogLoader } from './admin.loaders.ts';

const PAGE_SIZE = 50;
const ACTION_OPTIONS = AUDIT_ACTION_GROUPS.map((g) => ({
  label: g.label,
  title: g.label,
  options: Object.entries(g.actions).map(([value, label]) => ({ value, label })),
}));

/** 审计日志: read-only, newest first, for the audit administrator; filters and the page (`before`) live in the address. */
export function AuditLogPage() {
  const { entries } = useLoaderData<typeof auditLogLoader>();
  const [params, setParams] = useSearchParams();
  const filter: AuditFilter = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as AuditFilter;
  const before = params.get('before');

  const set = (changes: Partial<Record<(typeof FILTER_KEYS)[number] | 'before', string>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    // Another filter starts again from the newest.
    if (!('before' in changes)) next.delete('before');
    setParams(next);
  };
  const range: [Dayjs | null, Dayjs | null] = [filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null];

  return (
    <PageFrame crumbs={[{ title: '系统管理' }, { title: '审计日志' }]} title="审计日志">
      <div className="panel">
        <div className="filters" role="search" aria-label="筛选审计记录">
          <Input.Search
            placeholder="操作人姓名、单位名称、用户名或统一社会信用代码"
            aria-label="按操作人筛选"
            defaultValue={filter.person}
            allowClear
            onSearch={(v) => set({ person: v.trim() })}
            style={{ width: 300 }}
          />
          <Select
            aria-label="按操作类型筛选"
            placeholder="全部操作"
            value={filter.action || undefined}
            options={ACTION_OPTIONS}
            showSearch={{ optionFilterProp: 'label' }}
            allowClear
            onChange={(v?: string) => set({ action: v ?? '' })}
            style={{ width: 220 }}
          />
          <Select
            aria-label="按结果筛选"
            placeholder="全部结果"
            value={filter.outcome || undefined}
            options={[
              { value: 'success', label: '成功' },
              { value: 'failure', label: '失败' },
            ]}
            allowClear
            onChange={(v?: string) => set({ outcome: v ?? '' })}
            style={{ width: 120 }}
          />
          <DatePicker.RangePicker
            aria-label="按日期筛选"
            placeholder={['开始日期', '结束日期']}
            value={range}
            allowEmpty={[true, true]}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(v) => set({ from: v?.[0]?.format('YYYY-MM-DD') ?? '', to: v?.[1]?.format('YYYY-MM-DD') ?? '' })}
          />
          <Button href={adminApi.auditExportUrl(filter)}>导出CSV</Button>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          日期按北京时间计算。导出的内容与当前筛选条件一致，一次最多 100000 条；导出操作本身也记入审计日志。
        </Typography.Paragraph>
        {/* Keyed by the address: other filters or another page show the table loading, not the rows before. */}
        <Suspense key={params.toString()} fallback={<AuditTable entries={null} />}>
          <Await
            resolve={entries}
            errorElement={
              <>
                <AsyncErrorAlert style={{ marginBottom: 12 }} />
                <AuditTable entries={[]} />
              </>
            }
          >
            {(list: AuditEntry[]) => <AuditTable entries={list} />}
          </Await>
        </Suspense>
        <div style={{ marginTop: 12, display: 'flex', gap: 8 }}>
          {before ? <Button onClick={() => set({ before: '' })}>回到最新</Button> : null}
          <Suspense fallback={null}>
            <Await resolve={entries} errorElement={null}>
              {(list: AuditEntry[]) => (list.length === PAGE_SIZE ? <Button onClick={() => set({ before: list.at(-1)!.id })}>更早的记录</Button> : null)}
            </Await>
          </Suspense>
        </div>
      </div>
    </PageFrame>
  );
}

/** One page of entries (null while loading), each opening onto its details. */
function AuditTable({ entries }: { entries: AuditEntry[] | null }) {
  return (
    <Table<AuditEntry>
      rowKey="id"
      loading={entries === null}
      dataSource={entries ?? []}
      pagination={false}
      scroll={{ x: 1000 }}
      locale={{ emptyText: '没有符合条件的记录' }}
      expandable={{
        expandedRowRender: (e) => (
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="操作代码">{e.action}</Descriptions.Item>
            <Descriptions.Item label="请求编号">{e.requestId ?? '—'}</Descriptions.Item>
            {e.objectId ? <Descriptions.Item label="对象标识">{e.objectId}</Descriptions.Item> : null}
            <Descriptions.Item label="详情">
              <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(e.details, null, 2)}</pre>
            </Descriptions.Item>
          </Descriptions>
        ),
      }}
      columns={[
        { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
        {
          title: '操作人',
          key: 'person',
          render: (_, e) => (
            <>
              {e.person}
              {e.login ? <div className="muted">{e.login}</div> : null}
            </>
          ),
        },
        { title: '操作', dataIndex: 'actionLabel' },
        { title: '结果', dataIndex: 'outcome', width: 80, render: (o: string) => <Tag color={o === 'success' ? 'green' : 'red'}>{o === 'success' ? '成功' : '失败'}</Tag> },
        { title: '对象', dataIndex: 'object', render: (v: string) => v || '—' },
        { title: '来源地址', dataIndex: 'clientIp', width: 140, render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}
