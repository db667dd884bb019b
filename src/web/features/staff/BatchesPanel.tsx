import { Badge, Radio, Spin, Table } from 'antd';
import dayjs from 'dayjs';
import { Suspense } from 'react';
import { Await, Link, useNavigate } from 'react-router';
import type { Batch, BatchSummary, NoticeKind } from '../../api/notices.ts';
import type { Later } from '../../app/loaders.ts';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import { BatchDetail } from './BatchDetail.tsx';
import { noticesHref, type BatchFilter } from './notices.loader.ts';
import { BatchStateTag, KIND_LABEL, periodText } from './notice-display.tsx';

/**
 * 已发布批次: the batches published so far, newest first, of the kind chosen; a chosen one opens
 * below. The route loader hands over the list and the open batch (`batch`) unresolved.
 */
export function BatchesPanel(props: { kind: BatchFilter; batches: Later<BatchSummary[]>; selectedId: string | null; batch: Later<Batch> | null }) {
  const { kind, selectedId } = props;
  const navigate = useNavigate();
  const link = (batchId: string | null, filter = kind) => noticesHref({ tab: 'batches', kind: filter, batchId });
  const table = (batches: BatchSummary[] | null) => <BatchTable batches={batches} selectedId={selectedId} link={link} onSelect={(id) => void navigate(link(id))} />;

  return (
    <div>
      <div className="filters">
        <Radio.Group
          aria-label="批次类型"
          optionType="button"
          value={kind}
          onChange={(e) => void navigate(link(selectedId, e.target.value as BatchFilter))}
          options={[
            { value: 'all', label: '全部' },
            { value: 'notice', label: '公示' },
            { value: 'announcement', label: '公告' },
          ]}
        />
      </div>
      {/* Keyed by the filter: another kind shows the table loading rather than the previous kind's rows. */}
      <Suspense key={kind} fallback={table(null)}>
        <Await
          resolve={props.batches}
          errorElement={
            <>
              <AsyncErrorAlert className="block-gap" />
              {table([])}
            </>
          }
        >
          {(batches: BatchSummary[]) => table(batches)}
        </Await>
      </Suspense>
      {selectedId && props.batch ? (
        <Suspense key={selectedId} fallback={<Spin className="block-gap" />}>
          <Await resolve={props.batch} errorElement={<AsyncErrorAlert className="block-gap" />}>
            {(batch: Batch) => <BatchDetail batch={batch} onClose={() => void navigate(link(null))} />}
          </Await>
        </Suspense>
      ) : null}
    </div>
  );
}

function BatchTable({ batches, selectedId, link, onSelect }: { batches: BatchSummary[] | null; selectedId: string | null; link(id: string): string; onSelect(id: string): void }) {
  return (
    <Table<BatchSummary>
      aria-label="已发布批次"
      rowKey="id"
      loading={batches === null}
      dataSource={batches ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 900 }}
      size="middle"
      locale={{ emptyText: '暂无已发布的批次' }}
      rowClassName={(r) => (r.id === selectedId ? 'row-selected clickable-row' : 'clickable-row')}
      onRow={(r) => ({
        onClick: (e) => {
          if ((e.target as HTMLElement).closest('a, button')) return;
          onSelect(r.id);
        },
      })}
      columns={[
        {
          title: '标题',
          dataIndex: 'title',
          render: (v: string, r) => (
            <Link to={link(r.id)} aria-current={r.id === selectedId ? 'true' : undefined}>
              {v}
            </Link>
          ),
        },
        { title: '类型', dataIndex: 'kind', width: 72, render: (v: NoticeKind) => KIND_LABEL[v] },
        { title: '发布日期', dataIndex: 'publishedAt', width: 120, render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
        { title: '公示期', key: 'period', width: 210, render: (_: unknown, r) => periodText(r.startsOn, r.endsOn) },
        { title: '状态', key: 'state', width: 90, render: (_: unknown, r) => <BatchStateTag batch={r} /> },
        { title: '条数', dataIndex: 'entryCount', width: 64, align: 'right' },
        {
          title: '待答复陈述',
          dataIndex: 'pendingStatements',
          width: 110,
          render: (n: number, r) =>
            r.kind !== 'notice' ? (
              <span className="muted">—</span>
            ) : n > 0 ? (
              <Link to="/staff/statements" aria-label={`${n} 条待答复陈述`} className="badge-link">
                <Badge count={n} aria-hidden />
              </Link>
            ) : (
              <span className="muted">0</span>
            ),
        },
      ]}
    />
  );
}
