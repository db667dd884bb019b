import { Result, Tabs } from 'antd';
import { useState, type ReactNode } from 'react';
import { useLoaderData, useNavigate, useSearchParams } from 'react-router';
import type { CandidateCase, NoticeKind } from '../../api/notices.ts';
import { PageFrame } from '../../app/Layout.tsx';
import type { Later } from '../../app/loaders.ts';
import { BatchesPanel } from './BatchesPanel.tsx';
import { CandidatesPanel } from './CandidatesPanel.tsx';
import { noticesHref, noticesPlace, type noticesLoader, type NoticesTab } from './notices.loader.ts';
import './notices.css';

/** 公示公告管理: choose waiting cases, preview the batch as the public will read it, publish; the batches published so far. */
export function NoticesPage() {
  const data = useLoaderData<typeof noticesLoader>();
  const [params] = useSearchParams();
  const { tab, kind, batchId } = noticesPlace(params);
  const navigate = useNavigate();
  // The list each 待公示/待公告 panel last had: a panel keeps it, with its ticks and preview, while another tab is open.
  const [lists, setLists] = useState<Partial<Record<NoticeKind, Later<CandidateCase[]>>>>({});
  const candidates = data.allowed && tab !== 'batches' ? data.candidates : null;
  if (candidates && tab !== 'batches' && lists[tab] !== candidates) setLists({ ...lists, [tab]: candidates });

  const frame = (children: ReactNode) => (
    <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '公示公告管理' }]} title="公示公告管理">
      {children}
    </PageFrame>
  );
  if (!data.allowed) {
    return frame(
      <div className="panel">
        <Result status="403" title="无权访问" subTitle="公示公告管理仅限公示公告岗工作人员使用。" />
      </div>,
    );
  }

  return frame(
    <div className="panel">
      <Tabs
        activeKey={tab}
        onChange={(k) => void navigate(noticesHref({ tab: k as NoticesTab }))}
        items={[
          { key: 'notice', label: '待公示', children: <CandidatesPanel kind="notice" cases={lists.notice} /> },
          { key: 'announcement', label: '待公告', children: <CandidatesPanel kind="announcement" cases={lists.announcement} /> },
          {
            key: 'batches',
            label: '已发布批次',
            children: data.batches ? <BatchesPanel kind={kind} batches={data.batches} selectedId={batchId} batch={data.batch} /> : null,
          },
        ]}
      />
    </div>,
  );
}
