import { Alert, App, Button, Form, Input, InputNumber, Table, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { NOTICE_PERIOD_DAYS, NOTICE_PERIOD_MAX_DAYS, NOTICE_PERIOD_MIN_DAYS, isNoticePeriodDays } from '../../../domain/notices/period.ts';
import { ApiError, isApiError } from '../../api/client.ts';
import { noticesApi, type Batch, type BatchPreview, type NoticeKind } from '../../api/notices.ts';
import { CHOICE_STALE, KIND_LABEL, periodText, publicEntryColumns } from './notice-display.tsx';

interface PreviewValues {
  title: string;
  body: string;
  periodDays: number | null;
}

/**
 * The batch as it will be published. Title and body start as the server's defaults; a field
 * the publisher has not changed is left to the server at publication (the batch number in the
 * default title is assigned then). A new 公示期 asks the server again for the dates.
 */
export function PreviewEditor(props: {
  kind: NoticeKind;
  ids: string[];
  initial: BatchPreview;
  onCancel(): void;
  onStale(message: string): void;
  onPublished(batch: Batch): void;
}) {
  const { kind, ids } = props;
  const label = KIND_LABEL[kind];
  const { modal } = App.useApp();
  const [form] = Form.useForm<PreviewValues>();
  const [preview, setPreview] = useState(props.initial);
  const [refreshing, setRefreshing] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [problem, setProblem] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const asked = useRef(0);
  const body = Form.useWatch('body', form);

  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    heading.current?.focus({ preventScroll: true });
    return () => clearTimeout(timer.current);
  }, []);

  const repreview = (days: number) => {
    const n = ++asked.current;
    setRefreshing(true);
    noticesApi.preview({ kind, applicationIds: ids, periodDays: days }).then(
      (next) => {
        if (n !== asked.current) return;
        // Keep what the publisher wrote; replace what was still the default.
        const values = form.getFieldsValue();
        form.setFieldsValue({
          title: values.title === preview.title ? next.title : values.title,
          body: values.body === preview.body ? next.body : values.body,
        });
        setPreview(next);
        setProblem(undefined);
        setRefreshing(false);
      },
      (e: unknown) => {
        if (n !== asked.current) return;
        setRefreshing(false);
        if (isApiError(e, ...CHOICE_STALE)) props.onStale(e.message);
        else setProblem(e instanceof ApiError ? (e.fieldErrors[0]?.message ?? e.message) : '生成预览失败');
      },
    );
  };

  const onValuesChange = (changed: Partial<PreviewValues>) => {
    if (!('periodDays' in changed)) return;
    clearTimeout(timer.current);
    const days = changed.periodDays;
    if (typeof days !== 'number' || !isNoticePeriodDays(days)) return;
    // Publishing waits until the dates shown are those of the period entered.
    setRefreshing(true);
    timer.current = setTimeout(() => repreview(days), 350);
  };

  const publish = async (values: PreviewValues) => {
    setPublishing(true);
    try {
      const batch = await noticesApi.publish({
        kind,
        applicationIds: ids,
        ...(values.title.trim() !== preview.title ? { title: values.title.trim() } : {}),
        ...(values.body.trim() !== preview.body ? { body: values.body.trim() } : {}),
        ...(kind === 'notice' ? { periodDays: values.periodDays ?? NOTICE_PERIOD_DAYS } : {}),
      });
      props.onPublished(batch);
    } catch (e) {
      if (isApiError(e, ...CHOICE_STALE)) props.onStale(e.message);
      else setProblem(e instanceof ApiError ? (e.fieldErrors[0]?.message ?? e.message) : '发布失败，请稍后再试');
    } finally {
      setPublishing(false);
    }
  };

  const confirm = (values: PreviewValues) => {
    if (kind === 'notice' && values.periodDays !== preview.period?.days) {
      if (values.periodDays) repreview(values.periodDays);
      return;
    }
    modal.confirm({
      title: `确认发布这一批${label}？`,
      content: (
        <div>
          <p>
            共 {preview.entries.length} 条。发布后将对外公开，且不能撤回。
          </p>
          {kind === 'notice' && preview.period ? <p>公示期：{periodText(preview.period.startsOn, preview.period.endsOn)}（{preview.period.days} 个工作日）</p> : null}
        </div>
      ),
      okText: '发布',
      cancelText: '取消',
      onOk: () => {
        void publish(values);
      },
    });
  };

  const bodyEdited = body !== undefined && body !== preview.body;

  return (
    <section className="preview" aria-labelledby="preview-heading">
      <Typography.Title level={2} className="section-title" id="preview-heading" ref={heading} tabIndex={-1}>
        {label}预览
      </Typography.Title>
      <Alert type="info" className="block-gap" title={`以下为发布后公开页面的内容（共 ${preview.entries.length} 条）。申报编号不对外公开。`} />
      {problem ? <Alert type="error" title={problem} className="block-gap" /> : null}
      <Form<PreviewValues>
        form={form}
        name={`${kind}-preview`}
        layout="vertical"
        initialValues={{ title: props.initial.title, body: props.initial.body, periodDays: props.initial.period?.days ?? NOTICE_PERIOD_DAYS }}
        onValuesChange={onValuesChange}
        onFinish={confirm}
        aria-label={`${label}内容`}
      >
        <Form.Item name="title" label={`${label}标题`} rules={[{ required: true, whitespace: true, message: `请填写${label}标题` }]}>
          <Input maxLength={200} />
        </Form.Item>
        {kind === 'notice' ? (
          <Form.Item
            name="periodDays"
            label="公示期（工作日）"
            rules={[{ required: true, message: `请填写公示期（${NOTICE_PERIOD_MIN_DAYS}–${NOTICE_PERIOD_MAX_DAYS} 个工作日）` }]}
            extra={
              <span aria-live="polite">
                {refreshing ? '正在计算起止日期…' : preview.period ? `起止日期：${periodText(preview.period.startsOn, preview.period.endsOn)}（${preview.period.days} 个工作日，节假日不计）` : null}
              </span>
            }
          >
            <InputNumber min={NOTICE_PERIOD_MIN_DAYS} max={NOTICE_PERIOD_MAX_DAYS} precision={0} step={1} suffix="个工作日" className="period-input" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="body"
          label={`${label}正文`}
          rules={[{ required: true, whitespace: true, message: `请填写${label}正文` }]}
          extra={
            bodyEdited ? (
              <span>
                正文已修改{kind === 'notice' ? '，其中的公示期说明不会随公示期自动更新，请核对' : ''}。
                <Button type="link" size="small" className="inline-link" onClick={() => form.setFieldsValue({ body: preview.body })}>
                  恢复默认正文
                </Button>
              </span>
            ) : (
              '每段一行，按公开页面的段落显示。'
            )
          }
        >
          <Input.TextArea rows={6} maxLength={5000} showCount />
        </Form.Item>
        <Typography.Title level={3} className="subsection-title" id={`${kind}-entries-heading`}>
          {label}名单
        </Typography.Title>
        <Table
          aria-labelledby={`${kind}-entries-heading`}
          rowKey="applicationId"
          dataSource={preview.entries}
          pagination={false}
          size="small"
          scroll={{ x: 900 }}
          columns={publicEntryColumns(kind, (_, i) => i + 1)}
        />
        <div className="action-bar">
          <Button onClick={props.onCancel}>取消</Button>
          <Button type="primary" htmlType="submit" loading={publishing} disabled={refreshing}>
            确认发布
          </Button>
        </div>
      </Form>
    </section>
  );
}
