import { App, Button, Form, Input, Modal, Result, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { Suspense, useState, type ReactNode } from 'react';
import { Await, Link, useLoaderData } from 'react-router';
import { maxLengthOf } from '../../../contract/common.ts';
import { ExtensionDecisionSchema } from '../../../contract/staff.ts';
import { staffApi, type ExtensionQueueRow } from '../../api/staff.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useReload } from '../../app/loaders.ts';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import type { extensionsLoader } from './extensions.loader.ts';

type Decision = { row: ExtensionQueueRow; approve: boolean };
type ExtensionQueue = { pending: ExtensionQueueRow[]; decided: ExtensionQueueRow[] };

/** 延期审批 (行政许可法 Art.42): the 负责人 approves or refuses the handlers' requests. */
export function ExtensionsPage() {
  const data = useLoaderData<typeof extensionsLoader>();
  const frame = (children: ReactNode) => (
    <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '延期审批' }]} title="延期审批">
      {children}
    </PageFrame>
  );
  if (!data.allowed) {
    return frame(
      <div className="panel">
        <Result status="403" title="无权访问" subTitle="延期审批仅限负责人使用。" />
      </div>,
    );
  }
  return frame(
    <Suspense fallback={<Extensions queue={null} />}>
      <Await resolve={data.queue} errorElement={<Extensions queue={null} error={<AsyncErrorAlert className="block-gap" />} />}>
        {(queue: ExtensionQueue) => <Extensions queue={queue} />}
      </Await>
    </Suspense>,
  );
}

/** The requests waiting and those decided (null while loading; `error` in place of a failed load). */
function Extensions({ queue, error }: { queue: ExtensionQueue | null; error?: ReactNode }) {
  const { message } = App.useApp();
  const reload = useReload();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ opinion?: string }>();

  const decide = async (values: { opinion?: string }) => {
    if (!deciding) return;
    setBusy(true);
    try {
      await staffApi.decideExtension(deciding.row.id, { approve: deciding.approve, opinion: values.opinion?.trim() || undefined });
      void reload();
      void message.success(deciding.approve ? `已批准 ${deciding.row.number} 延期，延期审批告知书已送达申请人` : `已不予批准 ${deciding.row.number} 的延期申请`);
      setDeciding(null);
      form.resetFields();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : '操作失败');
      void reload();
    } finally {
      setBusy(false);
    }
  };

  const caseCell = (n: string, r: ExtensionQueueRow) => (
    <div>
      <div>
        <Link to={`/staff/cases/${r.applicationId}`}>{n}</Link>
      </div>
      <div className="muted">{r.itemTitle}</div>
    </div>
  );

  return (
    <>
      <section className="panel" aria-label="待审批的延期申请" style={{ marginBottom: 16 }}>
        <p className="muted">
          行政许可法第四十二条：二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并将延长期限的理由告知申请人。每件只能延期一次；批准后系统向申请人出具延期审批告知书。
        </p>
        {error}
        <Table<ExtensionQueueRow>
          aria-label="待审批的延期申请"
          rowKey="id"
          loading={queue === null && !error}
          dataSource={queue?.pending ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: <span className="muted">暂无待审批的延期申请</span> }}
          columns={[
            { title: '申报编号', dataIndex: 'number', render: caseCell },
            { title: '申请人', dataIndex: 'applicantName', render: (v: string | null) => v ?? '—' },
            { title: '延期理由', dataIndex: 'reason' },
            { title: '申请人员', key: 'by', render: (_, r) => `${r.requestedByName ?? ''} ${dayjs(r.requestedAt).format('MM-DD HH:mm')}` },
            { title: '现办结期限', dataIndex: 'dueBefore', width: 110 },
            {
              title: '审批',
              key: 'decide',
              width: 190,
              render: (_, r) => (
                <span className="actions">
                  <Button type="primary" size="small" onClick={() => setDeciding({ row: r, approve: true })} aria-label={`批准 ${r.number} 延期`}>
                    批准
                  </Button>{' '}
                  <Button danger size="small" onClick={() => setDeciding({ row: r, approve: false })} aria-label={`不予批准 ${r.number} 延期`}>
                    不予批准
                  </Button>
                </span>
              ),
            },
          ]}
        />
      </section>
      <section className="panel" aria-label="已审批">
        <Table<ExtensionQueueRow>
          aria-label="已审批的延期申请"
          rowKey="id"
          dataSource={queue?.decided ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          title={() => <strong>最近审批</strong>}
          locale={{ emptyText: <span className="muted">暂无记录</span> }}
          columns={[
            { title: '申报编号', dataIndex: 'number', render: caseCell },
            { title: '延期理由', dataIndex: 'reason' },
            {
              title: '结果',
              key: 'status',
              render: (_, r) =>
                r.status === 'approved' ? (
                  <span>
                    <Tag color="green">已批准</Tag>
                    {r.dueBefore} → {r.dueAfter}
                  </span>
                ) : (
                  <span>
                    <Tag color="red">不予批准</Tag>
                    {r.decisionOpinion}
                  </span>
                ),
            },
            { title: '审批人', key: 'decidedBy', render: (_, r) => `${r.decidedByName ?? ''} ${r.decidedAt ? dayjs(r.decidedAt).format('YYYY-MM-DD HH:mm') : ''}` },
          ]}
        />
      </section>
      <Modal
        open={deciding !== null}
        title={deciding ? `${deciding.approve ? '批准' : '不予批准'}延期：${deciding.row.number}` : ''}
        okText={deciding?.approve ? '确认批准' : '确认不予批准'}
        okButtonProps={{ danger: !deciding?.approve, loading: busy }}
        cancelText="取消"
        onOk={() => form.submit()}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
      >
        {deciding ? (
          <Form form={form} layout="vertical" onFinish={(v) => void decide(v)} aria-label="延期审批意见">
            <p>延期理由：{deciding.row.reason}</p>
            {deciding.approve ? <p>批准后办结期限延长 {deciding.row.days} 个工作日，并向申请人出具延期审批告知书。</p> : null}
            <Form.Item
              name="opinion"
              label={deciding.approve ? '意见（可选）' : '不予批准的意见'}
              rules={deciding.approve ? [] : [{ required: true, whitespace: true, message: '请填写不予批准的意见' }]}
            >
              <Input.TextArea rows={3} maxLength={maxLengthOf(ExtensionDecisionSchema.shape.opinion)} />
            </Form.Item>
          </Form>
        ) : null}
      </Modal>
    </>
  );
}
