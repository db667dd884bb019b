import { Alert, App, Button, DatePicker, Descriptions, Form, Input, Radio, Result, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Suspense, useState, type ReactNode } from 'react';
import { Await, Link, useLoaderData } from 'react-router';
import { FOLLOW_UP_METHODS, FOLLOW_UP_NOTE_MAX, FOLLOW_UP_RESPONSES, MEASURES_MAX, type FollowUpMethod, type FollowUpResponse } from '../../../domain/ratings.ts';
import { isApiError } from '../../api/client.ts';
import { ratingsApi, type Rectification, type RectificationInput } from '../../api/ratings.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useReload } from '../../app/loaders.ts';
import { useAsyncErrorMessage } from '../../app/RouteError.tsx';
import { RatingTag } from './RatingTags.tsx';
import { RectificationDue } from './RectificationsPage.tsx';
import type { rectificationLoader } from './ratings.loaders.ts';
import './ratings.css';

/** RectificationInput with the date as the picker holds it. */
type CloseForm = Omit<RectificationInput, 'followUpOn'> & { followUpOn: Dayjs };

/** `onDone` reloads the task once it is closed. */
function CloseFormView({ task, onDone }: { task: Rectification; onDone: () => void }) {
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<CloseForm>();
  const [busy, setBusy] = useState(false);
  const ratedOn = dayjs(task.ratedAt).startOf('day');

  const send = async (v: CloseForm) => {
    setBusy(true);
    try {
      const note = v.followUpNote?.trim();
      await ratingsApi.close(task.id, {
        measures: v.measures.trim(),
        followUpOn: v.followUpOn.format('YYYY-MM-DD'),
        followUpMethod: v.followUpMethod,
        followUpResponse: v.followUpResponse,
        ...(note ? { followUpNote: note } : {}),
      });
      void message.success('整改和回访已记录，已通知申请人');
      onDone();
    } catch (e) {
      if (isApiError(e, 'RECTIFICATION_INVALID', 'REQUEST_INVALID')) form.setFields(e.fieldErrors.map((f) => ({ name: f.path as keyof CloseForm, errors: [f.message] })));
      void message.error(e instanceof Error ? e.message : '提交失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<CloseForm>
      form={form}
      layout="vertical"
      requiredMark
      initialValues={{ followUpOn: dayjs() }}
      onFinish={(v) =>
        modal.confirm({
          title: '确认办结该差评整改？',
          content: '提交后整改任务办结，整改措施和回访记录不可修改，并将通知申请人。申请人的原评价保持不变。',
          okText: '确认办结',
          cancelText: '返回修改',
          onOk: () => send(v),
        })
      }
    >
      <Form.Item name="measures" label="整改措施" rules={[{ required: true, whitespace: true, message: '请填写整改措施' }]}>
        <Input.TextArea rows={5} maxLength={MEASURES_MAX} showCount />
      </Form.Item>
      <Form.Item name="followUpOn" label="回访日期" rules={[{ required: true, message: '请选择回访日期' }]}>
        <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(ratedOn, 'day')} allowClear={false} />
      </Form.Item>
      <Form.Item name="followUpMethod" label="回访方式" rules={[{ required: true, message: '请选择回访方式' }]}>
        <Radio.Group className="rating-levels" aria-label="回访方式">
          {(Object.keys(FOLLOW_UP_METHODS) as FollowUpMethod[]).map((k) => (
            <Radio key={k} value={k}>
              {FOLLOW_UP_METHODS[k]}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="followUpResponse" label="回访结果（申请人意见）" rules={[{ required: true, message: '请选择回访结果' }]}>
        <Radio.Group className="rating-levels" aria-label="回访结果（申请人意见）">
          {(Object.keys(FOLLOW_UP_RESPONSES) as FollowUpResponse[]).map((k) => (
            <Radio key={k} value={k}>
              {FOLLOW_UP_RESPONSES[k]}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="followUpNote" label="回访情况（选填）">
        <Input.TextArea rows={3} maxLength={FOLLOW_UP_NOTE_MAX} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        记录整改和回访
      </Button>
    </Form>
  );
}

const frame = (number: string | null | undefined, children: ReactNode, title?: string) => (
  <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '差评整改', to: '/staff/rectifications' }, { title: number ?? '整改任务' }]} title={title}>
    {children}
  </PageFrame>
);

/** One 差评整改: the rating and its case, then the 整改措施 and 回访 the 负责人 records once. */
export function RectificationPage() {
  const data = useLoaderData<typeof rectificationLoader>();
  if (!data.allowed) {
    return frame(
      undefined,
      <div className="panel">
        <Result status="403" title="无权访问" subTitle="差评整改由负责人办理。" />
      </div>,
    );
  }
  return (
    <Suspense fallback={frame(undefined, <Spin />)}>
      <Await resolve={data.task} errorElement={<TaskUnavailable />}>
        {(task: Rectification) => <Task task={task} />}
      </Await>
    </Suspense>
  );
}

function TaskUnavailable() {
  return frame(
    undefined,
    <div className="panel">
      <Result status="warning" title="无法打开整改任务" subTitle={useAsyncErrorMessage()} />
    </div>,
  );
}

function Task({ task }: { task: Rectification }) {
  const reload = useReload();
  const f = task.followUp;
  return frame(
    task.number,
    <div className="rectification-grid">
      <section className="panel" aria-labelledby="rating-facts">
        <Typography.Title level={2} className="rating-heading" id="rating-facts">
          评价情况
        </Typography.Title>
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: 'number', label: '申报编号', children: <Link to={`/staff/cases/${task.applicationId}`}>{task.number}</Link> },
            { key: 'item', label: '事项', children: task.itemTitle },
            { key: 'applicant', label: '申请人', children: task.applicantName ?? '—' },
            { key: 'outcome', label: '办理结果', children: task.outcomeLabel ?? '—' },
            { key: 'level', label: '评价等级', children: <RatingTag level={task.level} /> },
            { key: 'comment', label: '评价意见', children: task.comment ? <span className="rating-text">{task.comment}</span> : <span className="muted">未填写</span> },
            { key: 'rated', label: '评价时间', children: dayjs(task.ratedAt).format('YYYY-MM-DD HH:mm') },
            { key: 'due', label: '整改期限', children: <RectificationDue r={task} /> },
          ]}
        />
      </section>
      <section className="panel" aria-labelledby="rectify">
        <Typography.Title level={2} className="rating-heading" id="rectify">
          {task.status === 'open' ? '记录整改和回访' : '整改和回访记录'}
        </Typography.Title>
        {task.status === 'open' ? (
          <>
            {task.overdue ? <Alert type="error" showIcon className="rating-note" title={`已超过整改期限（${task.dueOn}），请尽快整改并回访。`} /> : null}
            <CloseFormView task={task} onDone={() => void reload()} />
          </>
        ) : (
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'measures', label: '整改措施', children: <span className="rating-text">{task.measures}</span> },
              { key: 'on', label: '回访日期', children: f?.on ?? '—' },
              { key: 'method', label: '回访方式', children: f?.methodLabel ?? '—' },
              { key: 'response', label: '回访结果', children: f?.responseLabel ?? '—' },
              { key: 'note', label: '回访情况', children: f?.note ? <span className="rating-text">{f.note}</span> : <span className="muted">未填写</span> },
              { key: 'closed', label: '办结', children: `${task.closedByName ?? ''} ${task.closedAt ? dayjs(task.closedAt).format('YYYY-MM-DD HH:mm') : ''}` },
            ]}
          />
        )}
      </section>
    </div>,
    `差评整改 · ${task.number}`,
  );
}
