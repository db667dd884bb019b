import { Alert, Badge, Radio, Table } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ApiError } from '../../api/client.ts';
import { noticesApi, type BatchSummary, type NoticeKind } from '../../api/notices.ts';
import { BatchDetail } from './BatchDetail.tsx';
import { BatchStateTag, KIND_LABEL, periodText } from './notice-display.tsx';

/** 已发布批次: the batches published so far, newest first; a chosen one opens below. */
export function BatchesPanel({ selectedId, reloadKey, onSelect }: { selectedId: string | null; reloadKey: number; onSelect(id: string): void }) {
  const [kind, setKind] = useState<NoticeKind | 'all'>('all');
  const [batches, setBatches] = useState<BatchSummary[] | null>(null);
  const [error, setError] = useState<string>();
  const navigate = useNavigate();

  useEffect(() => {
    let live = true;
    noticesApi.batches(kind === 'all' ? undefined : kind).then(
      (r) => live && setBatches(r.batches),
      (e: ApiError) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [kind, reloadKey]);

  const batchLink = (id: string) => `/staff/notices?tab=batches&batch=${id}`;

  return (
    <div>
      <div className="filters">
        <Radio.Group
          aria-label="批次类型"
          optionType="button"
          value={kind}
          onChange={(e) => {
            setBatches(null);
            setError(undefined);
            setKind(e.target.value as NoticeKind | 'all');
          }}
          options={[
            { value: 'all', label: '全部' },
            { value: 'notice', label: '公示' },
            { value: 'announcement', label: '公告' },
          ]}
        />
      </div>
      {error ? <Alert type="error" title={error} className="block-gap" /> : null}
      <Table<BatchSummary>
        aria-label="已发布批次"
        rowKey="id"
        loading={batches === null && !error}
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
              <Link to={batchLink(r.id)} aria-current={r.id === selectedId ? 'true' : undefined}>
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
      {selectedId ? <BatchDetail id={selectedId} onClose={() => void navigate('/staff/notices?tab=batches')} /> : null}
    </div>
  );
}
