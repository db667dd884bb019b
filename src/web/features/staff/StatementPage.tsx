import { Alert, App, Button, Descriptions, Form, Input, Radio, Result, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Suspense, useState, type ReactNode } from 'react';
import { Await, Link, useLoaderData } from 'react-router';
import { shanghaiDateOf } from '../../../domain/calendar/index.ts';
import { maxLengthOf } from '../../../contract/common.ts';
import { StatementReplySchema, type StatementReply } from '../../../contract/notices.ts';
import { isApiError } from '../../api/client.ts';
import { statementsApi, type StatementOutcome, type StatementView } from '../../api/notices.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useReload } from '../../app/loaders.ts';
import { useAsyncErrorMessage } from '../../app/RouteError.tsx';
import { OpinionTag, StatementStatusTag, itemTitle, nodeLabel } from './notice-display.tsx';
import type { statementLoader } from './statements.loader.ts';
import './notices.css';
import { STATEMENT_OUTCOME_LABELS } from '../../../domain/notices/statements.ts';

const OUTCOME_LABEL: Record<StatementOutcome, string> = STATEMENT_OUTCOME_LABELS;
const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

const frame = (number: string | null | undefined, title: string | undefined, children: ReactNode) => (
  <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '陈述处理', to: '/staff/statements' }, { title: number ?? '陈述' }]} title={title}>
    {children}
  </PageFrame>
);

/** 陈述 of one applicant: what it says and its PDFs, the 公示 line it objects to, and the reply. */
export function StatementPage() {
  const data = useLoaderData<typeof statementLoader>();
  if (!data.allowed) {
    return frame(
      undefined,
      undefined,
      <div className="panel">
        <Result status="403" title="无权访问" subTitle="陈述处理仅限公示公告岗工作人员使用。" />
      </div>,
    );
  }
  return (
    <Suspense fallback={frame(undefined, undefined, <Spin />)}>
      <Await resolve={data.view} errorElement={<StatementUnavailable />}>
        {(view: StatementView) => <Statement view={view} />}
      </Await>
    </Suspense>
  );
}

function StatementUnavailable() {
  return frame(
    undefined,
    undefined,
    <div className="panel">
      <Result status="warning" title="无法打开陈述" subTitle={useAsyncErrorMessage()} />
    </div>,
  );
}

function Statement({ view }: { view: StatementView }) {
  const reload = useReload();
  const periodOver = view.endsOn !== null && view.endsOn < shanghaiDateOf(new Date());

  return frame(
    view.number,
    `陈述 ${view.number}`,
    <div className="case-grid">
      <div>
        <section className="panel case-section" aria-labelledby="statement-facts">
          <Typography.Title level={2} className="section-title" id="statement-facts">
            陈述概况
          </Typography.Title>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'number', label: '申报编号', children: <Link to={`/staff/cases/${view.applicationId}`}>{view.number}</Link> },
              { key: 'item', label: '事项', children: itemTitle(view.item) },
              { key: 'subject', label: '申请人', children: view.entry?.subjectName ?? '—' },
              { key: 'submitted', label: '提交时间', children: dayjs(view.submittedAt).format('YYYY-MM-DD HH:mm') },
              {
                key: 'batch',
                label: '公示批次',
                children: <Link to={`/staff/notices?tab=batches&batch=${view.batchId}`}>{view.batchTitle}</Link>,
              },
              { key: 'ends', label: '公示截止', children: view.endsOn ? `${view.endsOn}${periodOver ? '（已截止）' : ''}` : '—' },
              { key: 'node', label: '案件当前环节', children: <Tag color="blue">{nodeLabel(view.node)}</Tag> },
              { key: 'status', label: '状态', children: <StatementStatusTag status={view.status} outcome={view.outcome} /> },
            ]}
          />
        </section>
        <section className="panel case-section" aria-labelledby="statement-text">
          <Typography.Title level={2} className="section-title" id="statement-text">
            陈述内容
          </Typography.Title>
          {/* The applicant's own words: rendered as text, never as HTML. */}
          <p className="statement-text">{view.text}</p>
          <Typography.Title level={3} className="subsection-title" id="statement-files">
            陈述材料
          </Typography.Title>
          {view.attachments.length > 0 ? (
            <ul className="plain-list" aria-labelledby="statement-files">
              {view.attachments.map((f) => (
                <li key={f.id}>
                  <a href={statementsApi.fileUrl(view.id, f.id)} target="_blank" rel="noopener noreferrer">
                    {f.originalName}
                  </a>{' '}
                  <span className="muted">
                    （PDF，{f.pages} 页，{formatSize(f.size)}）
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">未上传陈述材料。</p>
          )}
        </section>
      </div>
      <aside>
        <section className="panel case-section" aria-labelledby="statement-entry">
          <Typography.Title level={2} className="section-title" id="statement-entry">
            公示内容
          </Typography.Title>
          {view.entry ? (
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'name', label: '名称', children: view.entry.subjectName },
                { key: 'qualification', label: '申请资质', children: view.entry.qualification ?? '—' },
                { key: 'opinion', label: '审查意见', children: <OpinionTag opinion={view.entry.opinion} reason={null} /> },
                { key: 'reason', label: '理由', children: view.entry.reason ? <span className="statement-text-plain">{view.entry.reason}</span> : '—' },
              ]}
            />
          ) : (
            <p className="muted">未找到该案件在本批公示中的条目。</p>
          )}
        </section>
        <ReplyPanel view={view} periodOver={periodOver} onDone={() => void reload()} />
      </aside>
    </div>,
  );
}

/** The reply, or the form to give it; `onDone` reloads the statement after replying, or when another reply came first. */
function ReplyPanel({ view, periodOver, onDone }: { view: StatementView; periodOver: boolean; onDone(): void }) {
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<StatementReply>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  if (view.status !== 'pending') {
    return (
      <section className="panel case-section" aria-labelledby="reply-heading">
        <Typography.Title level={2} className="section-title" id="reply-heading">
          答复
        </Typography.Title>
        {view.outcome === 'returned' ? (
          <Alert
            type="warning"
            className="block-gap"
            title="已退回审查"
            description={
              <span>
                案件已退回审查环节，重新审查后需重新公示。<Link to={`/staff/cases/${view.applicationId}`}>查看案件</Link>
              </span>
            }
          />
        ) : null}
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'outcome', label: '处理结果', children: view.outcome ? OUTCOME_LABEL[view.outcome] : '—' },
            { key: 'at', label: '答复时间', children: view.repliedAt ? dayjs(view.repliedAt).format('YYYY-MM-DD HH:mm') : '—' },
            { key: 'reply', label: '答复意见', children: <span className="statement-text-plain">{view.reply}</span> },
          ]}
        />
      </section>
    );
  }

  const send = async (values: StatementReply) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await statementsApi.reply(view.id, { reply: values.reply.trim(), outcome: values.outcome });
      void message.success(values.outcome === 'returned' ? '已答复，案件已退回审查' : '已答复');
      onDone();
    } catch (e) {
      if (isApiError(e, 'STATEMENT_ALREADY_ANSWERED')) {
        modal.warning({ title: '答复未提交', content: e.message, okText: '刷新', onOk: onDone });
      } else if (isApiError(e, 'STATEMENT_REPLY_REQUIRED', 'REQUEST_INVALID')) {
        form.setFields(e.fieldErrors.map((f) => ({ name: f.path as 'reply', errors: [f.message] })));
      } else setProblem(e instanceof Error ? e.message : '提交失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  const submit = (values: StatementReply) => {
    if (values.outcome !== 'returned') return void send(values);
    modal.confirm({
      title: '确认退回审查？',
      content: '案件将退回审查环节，重新审查后需重新公示。答复意见将告知申请人。',
      okText: '退回审查',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => {
        void send(values);
      },
    });
  };

  return (
    <section className="panel case-section" aria-labelledby="reply-heading">
      <Typography.Title level={2} className="section-title" id="reply-heading">
        答复陈述
      </Typography.Title>
      {view.node !== 'notice' ? (
        <Alert
          type="warning"
          className="block-gap"
          title={`案件当前不在公示环节（${nodeLabel(view.node)}），答复将告知申请人，不再改变案件环节。`}
        />
      ) : periodOver ? (
        <Alert type="info" className="block-gap" title="公示期已截止。维持原审查意见且案件没有其他待答复陈述时，案件即转入待公告。" />
      ) : null}
      {problem ? <Alert type="error" className="block-gap" title={problem} /> : null}
      <Form form={form} name="statement-reply" layout="vertical" className="reply-form" initialValues={{ outcome: 'kept' }} onFinish={submit} aria-label="答复陈述">
        <Form.Item
          name="reply"
          label="答复意见"
          extra="答复意见将通过消息告知申请人，并显示在其流程跟踪中。"
          rules={[{ required: true, whitespace: true, message: '请填写答复意见' }]}
        >
          <Input.TextArea rows={6} maxLength={maxLengthOf(StatementReplySchema.shape.reply)} showCount />
        </Form.Item>
        <Form.Item name="outcome" label="处理结果" rules={[{ required: true, message: '请选择处理结果' }]}>
          <Radio.Group
            className="radio-list"
            options={[
              { value: 'kept', label: OUTCOME_LABEL.kept },
              { value: 'returned', label: OUTCOME_LABEL.returned },
            ]}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          提交答复
        </Button>
      </Form>
    </section>
  );
}
