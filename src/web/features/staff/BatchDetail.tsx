import { Button, Descriptions, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { publicBatchUrl, type Batch } from '../../api/notices.ts';
import { BatchStateTag, KIND_LABEL, nodeLabel, periodText, publicEntryColumns } from './notice-display.tsx';

/** One published batch as staff see it: the public text, and each line with its 申报编号 and current node. */
export function BatchDetail({ batch, onClose }: { batch: Batch; onClose(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);

  // Opened: bring it into view (once; a reload of the same batch leaves the reader where they are).
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    heading.current?.focus({ preventScroll: true });
  }, []);

  const label = KIND_LABEL[batch.kind];
  const entryColumns = publicEntryColumns<Batch['entries'][number]>(batch.kind, (r) => r.position);

  return (
    <section className="preview" aria-labelledby="batch-heading">
      <div className="detail-head">
        <Typography.Title level={2} className="section-title" id="batch-heading" ref={heading} tabIndex={-1}>
          {batch.title}
        </Typography.Title>
        <Button size="small" onClick={onClose}>
          收起
        </Button>
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, md: 3 }}
        className="block-gap"
        items={[
          { key: 'kind', label: '类型', children: label },
          { key: 'published', label: '发布日期', children: dayjs(batch.publishedAt).format('YYYY-MM-DD HH:mm') },
          ...(batch.kind === 'notice'
            ? [{ key: 'period', label: '公示期', children: `${periodText(batch.startsOn, batch.endsOn)}（${batch.periodDays ?? '—'} 个工作日）` }]
            : []),
          { key: 'state', label: '状态', children: <BatchStateTag batch={batch} /> },
          { key: 'count', label: '条数', children: `${batch.entryCount} 条` },
          {
            key: 'public',
            label: '公开页面',
            children: (
              <a href={publicBatchUrl(batch.kind, batch.id)} target="_blank" rel="noopener noreferrer">
                查看公开页面（在新窗口打开）
              </a>
            ),
          },
        ]}
      />
      <div className="notice-body">{batch.body}</div>
      <Table<Batch['entries'][number]>
        aria-label={`${batch.title} 名单`}
        rowKey="position"
        dataSource={batch.entries}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        size="small"
        scroll={{ x: 1100 }}
        columns={[
          entryColumns[0]!,
          { title: '申报编号', dataIndex: 'number', render: (n: string, r) => <Link to={`/staff/cases/${r.applicationId}`}>{n}</Link> },
          ...entryColumns.slice(1),
          { title: '当前环节', dataIndex: 'node', width: 90, render: (v: string | null) => nodeLabel(v) },
        ]}
      />
    </section>
  );
}
