import { Alert, App, Button, Descriptions, Empty, Form, Input, Radio, Spin, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { Suspense, useState } from 'react';
import { Await, Link, useLoaderData, useSearchParams } from 'react-router';
import { correctionLabels, findItem } from '../../../domain/items/index.ts';
import { isApiError } from '../../api/client.ts';
import { documentUrl, progressApi, type CaseNotices, type CaseTrack, type CollectionView, type IssuedDocumentView } from '../../api/progress.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useReload } from '../../app/loaders.ts';
import { useAsyncErrorMessage } from '../../app/RouteError.tsx';
import { CaseDeadlineText, CorrectionDueText } from '../applications/MyApplicationsPage.tsx';
import { FlowChart } from './FlowChart.tsx';
import { AnnouncementTab, NoticeTab } from './NoticeTabs.tsx';
import { RatingPanel } from '../ratings/RatingPanel.tsx';
import type { caseTrackLoader } from './progress.loaders.ts';

const TABS = ['track', 'notice', 'announcement', 'documents', 'result', 'rating'] as const;
type TabKey = (typeof TABS)[number];

const DOC_STATUS: Record<IssuedDocumentView['status'], { label: string; color: string }> = {
  valid: { label: '有效', color: 'green' },
  superseded: { label: '已失效', color: 'default' },
  revoked: { label: '已注销', color: 'red' },
};

function DocumentsTable({ view }: { view: CaseTrack }) {
  if (view.documents.length === 0) return <Empty description="暂无文书。受理后可在此下载受理单。" />;
  return (
    <Table<IssuedDocumentView>
      rowKey="id"
      dataSource={view.documents}
      pagination={false}
      scroll={{ x: 640 }}
      columns={[
        { title: '文书', dataIndex: 'title' },
        { title: '文号 / 证书编号', dataIndex: 'number' },
        { title: '出具时间', dataIndex: 'issuedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
        {
          title: '状态',
          key: 'status',
          render: (_, d) => (
            <>
              <Tag color={DOC_STATUS[d.status].color}>{DOC_STATUS[d.status].label}</Tag>
              {d.revokedReason ? <span className="muted">{d.revokedReason}</span> : null}
            </>
          ),
        },
        {
          title: '操作',
          key: 'download',
          render: (_, d) => (
            <a href={documentUrl(view.id, d.id)} download>
              下载{d.kind === 'acceptance' ? '受理单' : ''}
            </a>
          ),
        },
      ]}
    />
  );
}

/** 结果领取: how the applicant collects the result; `onSaved` reloads the case with it. */
function CollectionForm({ view, onSaved }: { view: CaseTrack; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CollectionView>();
  const [saving, setSaving] = useState(false);
  const method = Form.useWatch('method', form) ?? view.collection?.method ?? 'hall';
  const results = view.documents.filter((d) => d.status === 'valid' && d.kind.endsWith('-certificate'));

  const save = async (values: CollectionView) => {
    setSaving(true);
    try {
      await progressApi.collect(view.id, {
        method: values.method,
        recipient: values.recipient ?? '',
        phone: values.phone ?? '',
        ...(values.method === 'post' ? { address: values.address ?? '', postalCode: values.postalCode ?? '' } : {}),
      });
      onSaved();
      message.success('领取方式已保存');
    } catch (e) {
      if (isApiError(e, 'COLLECTION_INVALID')) form.setFields(e.fieldErrors.map((f) => ({ name: f.path as keyof CollectionView, errors: [f.message] })));
      message.error(e instanceof Error ? e.message : '保存失败，请重试');
    } finally {
      setSaving(false);
    }
  };

  if (!view.canCollect) return <Empty description="办结后可在此领取结果。" />;
  return (
    <>
      <h2 className="step-heading">电子结果</h2>
      <ul className="plain-list">
        {results.map((d) => (
          <li key={d.id}>
            <a href={documentUrl(view.id, d.id)} download>
              下载{d.title}（{d.number}）
            </a>
          </li>
        ))}
      </ul>
      <h2 className="step-heading" style={{ marginTop: 24 }}>
        纸质原件领取方式
      </h2>
      {view.collection ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={`已选择${view.collection.method === 'hall' ? '窗口领取' : '邮寄送达'}（${dayjs(view.collection.chosenAt).format('YYYY-MM-DD HH:mm')}），可在寄出前修改。`}
        />
      ) : null}
      <Form<CollectionView>
        form={form}
        layout="vertical"
        style={{ maxWidth: 520 }}
        initialValues={view.collection ?? { method: 'hall' }}
        onFinish={(v) => void save(v)}
        requiredMark
      >
        <Form.Item name="method" label="领取方式" rules={[{ required: true }]}>
          <Radio.Group className="radio-list">
            <Radio value="hall">窗口领取（北京市政务服务中心规划自然资源窗口，凭受理单和有效身份证件领取）</Radio>
            <Radio value="post">邮寄送达（免费寄递）</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="recipient" label={method === 'post' ? '收件人' : '领取人'} rules={[{ required: true, message: '请填写姓名' }]}>
          <Input maxLength={50} autoComplete="name" />
        </Form.Item>
        <Form.Item name="phone" label="联系电话" rules={[{ required: true, message: '请填写联系电话' }]}>
          <Input maxLength={30} autoComplete="tel" inputMode="tel" />
        </Form.Item>
        {method === 'post' ? (
          <>
            <Form.Item name="address" label="邮寄地址" rules={[{ required: true, message: '请填写邮寄地址' }]}>
              <Input maxLength={200} autoComplete="street-address" />
            </Form.Item>
            <Form.Item name="postalCode" label="邮政编码" rules={[{ required: true, message: '请填写邮政编码' }]}>
              <Input maxLength={6} inputMode="numeric" autoComplete="postal-code" />
            </Form.Item>
          </>
        ) : null}
        <Button type="primary" htmlType="submit" loading={saving}>
          保存领取方式
        </Button>
      </Form>
    </>
  );
}

/**
 * 流程跟踪 of one case, with tabs 公示 and 公告 where its workflow publishes them (filled once
 * batches are published), documents and 结果领取.
 */
export function CaseTrackPage() {
  const { view } = useLoaderData<typeof caseTrackLoader>();
  return (
    <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
      <Await resolve={view} errorElement={<TrackUnavailable />}>
        {(v: CaseTrack) => <CaseTrackView view={v} />}
      </Await>
    </Suspense>
  );
}

const crumbs = [{ title: '办事进度', to: '/my' }, { title: '流程跟踪' }];

function TrackUnavailable() {
  return (
    <PageFrame crumbs={crumbs} title="流程跟踪">
      <Alert type="error" title={useAsyncErrorMessage()} action={<Link to="/my">返回办事进度</Link>} />
    </PageFrame>
  );
}

function CaseTrackView({ view }: { view: CaseTrack }) {
  const { notices, rating } = useLoaderData<typeof caseTrackLoader>();
  const reload = useReload();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'track';
  const item = findItem(view.item);
  const { publishes } = view.workflow;
  // A 公示/公告 tab only where this case's workflow publishes one (never for a filing).
  const shown = (k: TabKey) => (k === 'notice' ? publishes.notice : k === 'announcement' ? publishes.announcement : true);
  const activeTab = shown(tab) ? tab : 'track';

  return (
    <PageFrame crumbs={crumbs} title={`流程跟踪 · ${view.number}`}>
      <div className="panel">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'item', label: '事项', children: view.itemTitle },
            { key: 'type', label: '申请内容', children: view.applicationTypeLabel ?? '—' },
            { key: 'submitted', label: '提交时间', children: view.submittedAt ? dayjs(view.submittedAt).format('YYYY-MM-DD HH:mm') : '—' },
            { key: 'status', label: '办理状态', children: view.statusText },
            { key: 'deadline', label: '办理时限', children: <CaseDeadlineText deadline={view.deadline} /> },
            { key: 'flow', label: '办理流程', children: view.workflow.label },
          ]}
        />
        {view.correction && item ? (
          <Alert
            type="warning"
            showIcon
            style={{ margin: '12px 0' }}
            title="需要补正材料"
            description={
              <>
                <div>需要补正的内容：{correctionLabels(item, view.correction.items).join('、')}</div>
                <div>补正说明：{view.correction.message}</div>
                <div>
                  补正期限：<CorrectionDueText due={view.correctionDue} />
                </div>
                {view.correctionDue?.overdue ? null : <Link to={`/items/${view.item}/apply`}>去补正</Link>}
              </>
            }
          />
        ) : null}
        {view.extension ? (
          <Alert
            type="info"
            showIcon
            style={{ margin: '12px 0' }}
            title={`办理期限已依法延长 ${view.extension.days} 个工作日`}
            description={
              <>
                <div>
                  经本机关负责人批准（行政许可法第四十二条），预计办结日期由 {view.extension.dueBefore} 延至 {view.extension.dueAfter}。
                </div>
                <div>延期理由：{view.extension.reason}</div>
              </>
            }
          />
        ) : null}
        <Tabs
          activeKey={activeTab}
          onChange={(k) => setParams(k === 'track' ? {} : { tab: k }, { replace: true })}
          items={[
            {
              key: 'track',
              label: '流程跟踪',
              children: (
                <>
                  <FlowChart track={view.track} />
                  <Table
                    rowKey={(r) => `${r.at}-${r.nodeLabel}-${r.actionLabel}`}
                    dataSource={view.steps}
                    pagination={false}
                    size="small"
                    scroll={{ x: 560 }}
                    columns={[
                      { title: '环节', dataIndex: 'nodeLabel' },
                      { title: '办理结果', key: 'action', render: (_, s) => (s.negative ? <Tag color="orange">{s.actionLabel}</Tag> : s.actionLabel) },
                      { title: '办理时间', dataIndex: 'at', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
                      { title: '意见', dataIndex: 'opinion', render: (v: string | null) => v ?? '—' },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'notice',
              label: '公示',
              children: (
                <Suspense fallback={null}>
                  <Await resolve={notices}>{(data: CaseNotices | null) => <NoticeTab caseId={view.id} data={data} onChange={reload} />}</Await>
                </Suspense>
              ),
            },
            {
              key: 'announcement',
              label: '公告',
              children: (
                <Suspense fallback={null}>
                  <Await resolve={notices}>{(data: CaseNotices | null) => <AnnouncementTab data={data} />}</Await>
                </Suspense>
              ),
            },
            { key: 'documents', label: '文书', children: <DocumentsTable view={view} /> },
            { key: 'result', label: '结果领取', children: <CollectionForm view={view} onSaved={reload} /> },
            { key: 'rating', label: '服务评价', children: <RatingPanel rating={rating} /> },
          ].filter((t) => shown(t.key as TabKey))}
        />
      </div>
    </PageFrame>
  );
}
