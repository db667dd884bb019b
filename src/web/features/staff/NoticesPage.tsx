import { Result, Spin, Tabs } from 'antd';
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { PageFrame } from '../../app/Layout.tsx';
import { useRequireLogin } from '../../app/session.tsx';
import { BatchesPanel } from './BatchesPanel.tsx';
import { CandidatesPanel } from './CandidatesPanel.tsx';
import './notices.css';

const TABS = ['notice', 'announcement', 'batches'] as const;
type Tab = (typeof TABS)[number];

/** 公示公告管理: choose waiting cases, preview the batch as the public will read it, publish; the batches published so far. */
export function NoticesPage() {
  const { account, loading } = useRequireLogin();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'notice';
  const batchId = params.get('batch');
  // Bumped after a publication so the batch list reloads.
  const [published, setPublished] = useState(0);

  const frame = (children: ReactNode) => (
    <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '公示公告管理' }]} title="公示公告管理">
      {children}
    </PageFrame>
  );
  if (loading || !account) return frame(<Spin />);
  if (!account.roles.includes('publisher')) {
    return frame(
      <div className="panel">
        <Result status="403" title="无权访问" subTitle="公示公告管理仅限公示公告岗工作人员使用。" />
      </div>,
    );
  }

  const select = (next: Tab, batch?: string) => {
    const p = new URLSearchParams();
    if (next !== 'notice') p.set('tab', next);
    if (batch) p.set('batch', batch);
    setParams(p);
  };

  return frame(
    <div className="panel">
      <Tabs
        activeKey={tab}
        onChange={(k) => select(k as Tab)}
        items={[
          { key: 'notice', label: '待公示', children: <CandidatesPanel kind="notice" active={tab === 'notice'} onPublished={() => setPublished((n) => n + 1)} /> },
          { key: 'announcement', label: '待公告', children: <CandidatesPanel kind="announcement" active={tab === 'announcement'} onPublished={() => setPublished((n) => n + 1)} /> },
          {
            key: 'batches',
            label: '已发布批次',
            children: tab === 'batches' ? <BatchesPanel selectedId={batchId} reloadKey={published} onSelect={(id) => select('batches', id)} /> : null,
          },
        ]}
      />
    </div>,
  );
}
