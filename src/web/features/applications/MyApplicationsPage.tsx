import { Alert, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { findApplicationType, findItem } from '../../../domain/items/index.ts';
import { loginUrl } from '../../api/client.ts';
import { applicationsApi, type ApplicationSummary } from '../../api/applications.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useSession } from '../../app/session.tsx';

const STATUS: Record<ApplicationSummary['status'], { label: string; color: string }> = {
  draft: { label: '草稿（未提交）', color: 'default' },
  submitted: { label: '办理中', color: 'blue' },
  correction: { label: '需要补正', color: 'orange' },
  closed: { label: '已办结', color: 'green' },
};

/** 我的申报: the applicant's drafts and submitted cases. */
export function MyApplicationsPage() {
  const { account, loading } = useSession();
  const [rows, setRows] = useState<ApplicationSummary[] | null>(null);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (loading) return;
    if (!account) {
      window.location.assign(loginUrl('/my'));
      return;
    }
    applicationsApi.list().then(
      (r) => setRows(r.applications),
      (e: Error) => setError(e.message),
    );
  }, [account, loading]);

  return (
    <PageFrame crumbs={[{ title: '我的申报' }]} title="我的申报">
      <div className="panel">
        {error ? <Alert type="error" title={error} /> : null}
        <Table<ApplicationSummary>
          rowKey="id"
          loading={rows === null && !error}
          dataSource={rows ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          locale={{ emptyText: '暂无申报。请在首页选择事项，点击“网上办理”开始申报。' }}
          columns={[
            { title: '申报编号', dataIndex: 'number', render: (n: string | null) => n ?? '—' },
            { title: '事项', dataIndex: 'item', render: (code: string) => findItem(code)?.title ?? code },
            {
              title: '申请内容',
              key: 'type',
              render: (_, r) => {
                const item = findItem(r.item);
                return (item && r.applicationType && findApplicationType(item, r.applicationType)?.label) || '—';
              },
            },
            {
              title: '状态',
              key: 'status',
              render: (_, r) => (
                <>
                  <Tag color={STATUS[r.status].color}>{STATUS[r.status].label}</Tag>
                  {r.status === 'correction' && r.correctionMessage ? <div className="muted">补正要求：{r.correctionMessage}</div> : null}
                </>
              ),
            },
            {
              title: '时间',
              key: 'time',
              render: (_, r) => (r.submittedAt ? `提交于 ${dayjs(r.submittedAt).format('YYYY-MM-DD HH:mm')}` : `更新于 ${dayjs(r.updatedAt).format('YYYY-MM-DD HH:mm')}`),
            },
            {
              title: '操作',
              key: 'actions',
              render: (_, r) =>
                r.status === 'draft' ? (
                  <Link to={`/items/${r.item}/apply`}>继续填写</Link>
                ) : r.status === 'correction' ? (
                  <Link to={`/items/${r.item}/apply`}>补正</Link>
                ) : (
                  <Link to={`/applications/${r.id}/submitted`}>查看</Link>
                ),
            },
          ]}
        />
      </div>
    </PageFrame>
  );
}
