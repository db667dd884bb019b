import { Alert, App, Button, Descriptions, Empty, Form, Input, Radio, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { Suspense, useState } from 'react';
import { Await } from 'react-router';
import { RATING_COMMENT_MAX, RATING_LABELS, RATING_LEVELS, RECTIFICATION_DAYS, isBadRating, type RatingLevel } from '../../../domain/ratings.ts';
import { isApiError } from '../../api/client.ts';
import { ratingsApi, type RatingView } from '../../api/ratings.ts';
import { RatingTag } from './RatingTags.tsx';
import { useReload, type Later } from '../../app/loaders.ts';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import './ratings.css';

interface RatingForm {
  level?: RatingLevel;
  comment?: string;
}

/** `onRated` reloads the rating: after it was given here, or in another tab meanwhile. */
function RatingFormView({ view, onRated }: { view: RatingView; onRated: () => void }) {
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<RatingForm>();
  const level = Form.useWatch('level', form);
  const [busy, setBusy] = useState(false);

  const send = async (values: RatingForm) => {
    setBusy(true);
    try {
      const comment = values.comment?.trim();
      await ratingsApi.rate(view.applicationId, { level: values.level!, ...(comment ? { comment } : {}) });
      void message.success('评价已提交，感谢您的评价');
      onRated();
    } catch (e) {
      if (isApiError(e, 'RATING_LEVEL_REQUIRED', 'RATING_COMMENT_TOO_LONG', 'REQUEST_INVALID')) form.setFields(e.fieldErrors.map((f) => ({ name: f.path as keyof RatingForm, errors: [f.message] })));
      void message.error(e instanceof Error ? e.message : '提交失败，请稍后再试');
      // Rated meanwhile (another tab): show what was given.
      if (isApiError(e, 'RATING_ALREADY_GIVEN', 'RATING_CASE_OPEN', 'RATING_CASE_WITHDRAWN', 'RATING_NOT_APPLICABLE')) onRated();
    } finally {
      setBusy(false);
    }
  };

  const confirm = (values: RatingForm) =>
    modal.confirm({
      title: '确认提交评价？',
      content: `您的评价为“${RATING_LABELS[values.level!]}”。一事一评，评价提交后不可修改。`,
      okText: '确认提交',
      cancelText: '返回修改',
      onOk: () => send(values),
    });

  return (
    <Form<RatingForm> form={form} layout="vertical" className="rating-form" onFinish={confirm} requiredMark>
      <p className="rating-note">
        根据政务服务“好差评”制度，请对本次办理服务作出评价。评价等级为必选项，评价意见可不填；一事一评，提交后不可修改。
      </p>
      <Form.Item name="level" label="评价等级" rules={[{ required: true, message: '请选择评价等级' }]}>
        <Radio.Group className="rating-levels" aria-label="评价等级">
          {RATING_LEVELS.map((l) => (
            <Radio key={l} value={l}>
              {RATING_LABELS[l]}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="comment"
        label="评价意见（选填）"
        extra={level && isBadRating(level) ? `请说明不满意的原因。负责人将在 ${RECTIFICATION_DAYS} 个工作日内核实整改，并回访您。` : undefined}
      >
        <Input.TextArea rows={4} maxLength={RATING_COMMENT_MAX} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        提交评价
      </Button>
    </Form>
  );
}

function RectificationView({ r }: { r: NonNullable<RatingView['rectification']> }) {
  if (r.status === 'open') {
    return (
      <Alert
        type={r.overdue ? 'warning' : 'info'}
        showIcon
        title={r.overdue ? `整改已超过期限（${r.dueOn}），负责人仍在整改中` : `负责人正在核实整改，整改期限：${r.dueOn}`}
        description="整改完成并回访后，结果将在此显示，并通过消息中心通知您。"
      />
    );
  }
  const f = r.followUp;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={[
        { key: 'measures', label: '整改措施', children: <span className="rating-text">{r.measures}</span> },
        { key: 'on', label: '回访日期', children: f?.on ?? '—' },
        { key: 'method', label: '回访方式', children: f?.methodLabel ?? '—' },
        { key: 'response', label: '回访结果', children: f ? `${f.responseLabel}（回访时您的意见）` : '—' },
        ...(f?.note ? [{ key: 'note', label: '回访情况', children: <span className="rating-text">{f.note}</span> }] : []),
        { key: 'closed', label: '整改办结时间', children: r.closedAt ? dayjs(r.closedAt).format('YYYY-MM-DD HH:mm') : '—' },
      ]}
    />
  );
}

/** 服务评价 of a case on its 流程跟踪 page (`rating` as the route loader hands it over): the form once it ended, then the rating given and its 整改. */
export function RatingPanel({ rating }: { rating: Later<RatingView> }) {
  return (
    <Suspense fallback={<Spin />}>
      <Await resolve={rating} errorElement={<AsyncErrorAlert />}>
        {(view: RatingView) => <Rating view={view} />}
      </Await>
    </Suspense>
  );
}

function Rating({ view }: { view: RatingView }) {
  const reload = useReload();
  if (view.state === 'not-ended') return <Empty description={<span className="muted">办结后可在此对本次服务进行评价。</span>} />;
  if (view.state === 'excluded') return <Alert type="info" showIcon title={view.message} />;
  if (view.state === 'ratable' || !view.rating) return <RatingFormView view={view} onRated={() => void reload()} />;
  const rating = view.rating;
  return (
    <>
      <section className="rating-section" aria-labelledby="my-rating">
        <Typography.Title level={2} className="rating-heading" id="my-rating">
          我的评价
        </Typography.Title>
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: 'level', label: '评价等级', children: <RatingTag level={rating.level} /> },
            { key: 'comment', label: '评价意见', children: rating.comment ? <span className="rating-text">{rating.comment}</span> : <span className="muted">未填写</span> },
            { key: 'at', label: '评价时间', children: dayjs(rating.ratedAt).format('YYYY-MM-DD HH:mm') },
          ]}
        />
        <p className="muted rate-definition">评价提交后不可修改。</p>
      </section>
      {view.rectification ? (
        <section className="rating-section" aria-labelledby="rectification">
          <Typography.Title level={2} className="rating-heading" id="rectification">
            差评整改
          </Typography.Title>
          <RectificationView r={view.rectification} />
        </section>
      ) : null}
    </>
  );
}
