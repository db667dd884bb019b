import { Button, Checkbox, DatePicker, Input, Radio, Select, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Suspense, useState } from 'react';
import { Await, Link, useLoaderData, useSearchParams } from 'react-router';
import { ITEMS } from '../../../domain/items/index.ts';
import { staffApi, type CaseSearchPage as Found, type CaseSearchRow } from '../../api/staff.ts';
import { useAddressPagination } from '../../components/address-pagination.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import { CASE_SEARCH_KEYS, type caseSearchLoader } from './case-search.loader.ts';
import { BATCH_ISSUE_MAX } from '../../../contract/staff.ts';

/** 全部案件 / 已办: any case, open or closed, by number, name or 统一社会信用代码, item, days and state. */
export function CaseSearchPage() {
  const { found } = useLoaderData<typeof caseSearchLoader>();
  const [params, setParams] = useSearchParams();
  const get = (k: (typeof CASE_SEARCH_KEYS)[number]) => params.get(k) ?? '';
  const types = ITEMS.find((i) => i.code === get('item'))?.applicationTypes ?? [];
  const range: [Dayjs | null, Dayjs | null] = [get('from') ? dayjs(get('from')) : null, get('to') ? dayjs(get('to')) : null];

  /** A changed filter starts again at page 1. */
  const set = (changes: Partial<Record<(typeof CASE_SEARCH_KEYS)[number], string>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  return (
    <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '全部案件' }]} title="全部案件">
      <div className="panel">
        <div className="filters" role="search" aria-label="查找案件">
          <Input.Search
            placeholder="申报编号、单位或申请人名称、统一社会信用代码（至少2个字）"
            aria-label="搜索全部案件"
            defaultValue={get('q')}
            allowClear
            enterButton="查找"
            onSearch={(v) => set({ q: v.trim() })}
            style={{ maxWidth: 460 }}
          />
          <Select
            aria-label="按事项筛选"
            value={get('item') || undefined}
            placeholder="全部事项"
            allowClear
            onChange={(v?: string) => set({ item: v ?? '', type: '' })}
            options={ITEMS.map((i) => ({ value: i.code, label: i.title }))}
            style={{ minWidth: 240 }}
          />
          {types.length > 1 ? (
            <Select
              aria-label="按申请内容筛选"
              value={get('type') || undefined}
              placeholder="全部申请内容"
              allowClear
              onChange={(v?: string) => set({ type: v ?? '' })}
              options={types.map((t) => ({ value: t.value, label: t.label }))}
              style={{ minWidth: 240, maxWidth: 420 }}
            />
          ) : null}
          <DatePicker.RangePicker
            aria-label="按提交日期筛选"
            placeholder={['提交日期起', '提交日期止']}
            value={range}
            allowEmpty={[true, true]}
            onChange={(v) => set({ from: v?.[0]?.format('YYYY-MM-DD') ?? '', to: v?.[1]?.format('YYYY-MM-DD') ?? '' })}
          />
          <Radio.Group
            aria-label="办理状态"
            value={get('state')}
            onChange={(e) => set({ state: e.target.value as string })}
            options={[
              { value: '', label: '全部' },
              { value: 'open', label: '办理中' },
              { value: 'closed', label: '已办结' },
            ]}
          />
          <Checkbox checked={get('mine') === 'true'} onChange={(e) => set({ mine: e.target.checked ? 'true' : '' })}>
            仅看我经办的（已办）
          </Checkbox>
        </div>
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, justifyContent: 'space-between', flexWrap: 'wrap' }}>
          <p className="muted" style={{ margin: 0 }}>
            提交日期按北京时间计算；名称可输入其中任意连续的两个字以上。
          </p>
          <Button href={staffApi.searchExportUrl(Object.fromEntries(CASE_SEARCH_KEYS.map((k) => [k, get(k)])))}>导出Excel</Button>
        </div>
        <Suspense key={params.toString()} fallback={<FoundTable found={null} />}>
          <Await
            resolve={found}
            errorElement={
              <>
                <AsyncErrorAlert style={{ marginBottom: 12 }} />
                <FoundTable found={null} failed />
              </>
            }
          >
            {(page: Found) => <FoundTable found={page} />}
          </Await>
        </Suspense>
      </div>
    </PageFrame>
  );
}

function FoundTable({ found, failed = false }: { found: Found | null; failed?: boolean }) {
  const paging = useAddressPagination(found);
  // Ten pages ahead the count stops (searchCountLimit): “… 件以上”; paging on counts further.
  const pagination = found?.totalCapped ? { ...paging, showTotal: (total: number) => `共 ${total} 件以上` } : paging;
  const [selected, setSelected] = useState<string[]>([]);
  return (
    <>
      {found ? (
        <p className="muted" aria-live="polite">
          {found.totalCapped ? `共找到 ${found.total} 件以上案件，可输入更多文字或增加条件缩小范围` : `共找到 ${found.total} 件案件`}
        </p>
      ) : null}
      <div className="batch-bar">
        <Button disabled={selected.length === 0} href={selected.length ? staffApi.acceptanceNoticesUrl(selected) : undefined} target="_blank" rel="noopener noreferrer">
          打印受理通知书{selected.length ? `（${selected.length} 件）` : ''}
        </Button>
        <span className="muted"> 勾选已受理的案件，一次最多 {BATCH_ISSUE_MAX} 件，合并为一个文件打印。</span>
      </div>
      <Table<CaseSearchRow>
        rowKey="id"
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(String).slice(0, BATCH_ISSUE_MAX)),
          getCheckboxProps: (r) => ({ 'aria-label': `选择 ${r.number}` }),
        }}
        loading={found === null && !failed}
        dataSource={found?.cases ?? []}
        pagination={pagination}
        scroll={{ x: 900 }}
        locale={{ emptyText: '没有符合条件的案件' }}
        columns={[
          { title: '申报编号', dataIndex: 'number', render: (n: string, r) => <Link to={`/staff/cases/${r.id}`}>{n}</Link> },
          { title: '事项', dataIndex: 'itemTitle' },
          { title: '申请内容', dataIndex: 'applicationTypeLabel', render: (v: string | null) => v ?? '—' },
          { title: '申请人', dataIndex: 'applicantName' },
          { title: '统一社会信用代码', dataIndex: 'applicantUscc', render: (v: string | null) => v ?? '—' },
          { title: '提交时间', dataIndex: 'submittedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          {
            title: '状态',
            key: 'stage',
            render: (_: unknown, r) => (
              <>
                <Tag color={r.isOpen ? 'processing' : 'default'}>{r.isOpen ? '办理中' : '已办结'}</Tag>
                {r.stage}
              </>
            ),
          },
        ]}
      />
    </>
  );
}
