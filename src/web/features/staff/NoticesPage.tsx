import { Alert, App, Badge, Button, Descriptions, Form, Input, InputNumber, Radio, Result, Spin, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { NOTICE_PERIOD_DAYS, NOTICE_PERIOD_MAX_DAYS, NOTICE_PERIOD_MIN_DAYS } from '../../../domain/notices/period.ts';
import { maxLengthOf } from '../../../contract/common.ts';
import { BatchInputSchema, type BatchInput } from '../../../contract/notices.ts';
import { ApiError } from '../../api/client.ts';
import { noticesApi, publicBatchUrl, type Batch, type BatchPreview, type BatchSummary, type CandidateCase, type NoticeKind } from '../../api/notices.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useRequireLogin } from '../../app/session.tsx';
import { BatchStateTag, KIND_LABEL, OpinionTag, nodeLabel, periodText, publicEntryColumns } from './notice-display.tsx';
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

// ---------------------------------------------------------------------------------- 待公示 / 待公告

function CandidatesPanel({ kind, active, onPublished }: { kind: NoticeKind; active: boolean; onPublished(): void }) {
  const label = KIND_LABEL[kind];
  const [cases, setCases] = useState<CandidateCase[] | null>(null);
  const [error, setError] = useState<string>();
  // Why the last preview or publication was refused (a case was published meanwhile); kept across the reload it triggers.
  const [stale, setStale] = useState<string>();
  const [selected, setSelected] = useState<string[]>([]);
  const [preview, setPreview] = useState<BatchPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  // A new preview starts a fresh editor even for the same cases.
  const [previewSeq, setPreviewSeq] = useState(0);
  const [done, setDone] = useState<Batch | null>(null);

  const load = useCallback(
    () =>
      noticesApi.candidates(kind).then(
        (r) => {
          setCases(r.cases);
          setError(undefined);
          setSelected((s) => s.filter((id) => r.cases.some((c) => c.applicationId === id)));
        },
        (e: ApiError) => setError(e.message),
      ),
    [kind],
  );
  useEffect(() => {
    if (active) void load();
  }, [active, load]);

  // Entries in the order of the list (oldest submission first), whatever order they were ticked in.
  const chosenIds = (cases ?? []).filter((c) => selected.includes(c.applicationId)).map((c) => c.applicationId);

  const makePreview = async () => {
    setPreviewing(true);
    setDone(null);
    setStale(undefined);
    try {
      setPreview(await noticesApi.preview({ kind, applicationIds: chosenIds, ...(kind === 'notice' ? { periodDays: NOTICE_PERIOD_DAYS } : {}) }));
      setPreviewSeq((n) => n + 1);
      setError(undefined);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 409 || e.status === 404)) {
        setStale(e.message);
        void load();
      } else setError(e instanceof Error ? e.message : '生成预览失败');
    } finally {
      setPreviewing(false);
    }
  };

  if (error && !cases) return <Alert type="error" title={error} />;

  return (
    <div>
      {done ? (
        <Alert
          type="success"
          showIcon
          className="block-gap"
          title={`${label}已发布：${done.title}（${done.entryCount} 条）`}
          description={
            <a href={publicBatchUrl(done.kind, done.id)} target="_blank" rel="noopener noreferrer">
              查看公开页面（在新窗口打开）
            </a>
          }
          closable
          onClose={() => setDone(null)}
        />
      ) : null}
      {stale ? <Alert type="warning" showIcon title={stale} className="block-gap" closable onClose={() => setStale(undefined)} /> : null}
      {error ? <Alert type="error" title={error} className="block-gap" /> : null}
      <p className="muted">
        {kind === 'notice'
          ? '以下案件已完成审查、复核，等待公示。勾选要列入同一批公示的案件，生成预览核对后发布。'
          : '以下案件公示期已结束（或无需公示），等待公告审批结果。勾选要列入同一批公告的案件，生成预览核对后发布。'}
      </p>
      <Table<CandidateCase>
        aria-label={`待${label}案件`}
        rowKey="applicationId"
        loading={cases === null}
        dataSource={cases ?? []}
        pagination={false}
        scroll={{ x: 960 }}
        size="middle"
        locale={{ emptyText: `暂无待${label}案件` }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => {
            setSelected(keys as string[]);
            setPreview(null);
          },
          getCheckboxProps: (r) => ({ 'aria-label': `选择 ${r.number}` }),
        }}
        columns={[
          { title: '申报编号', dataIndex: 'number', render: (n: string, r) => <Link to={`/staff/cases/${r.applicationId}`}>{n}</Link> },
          {
            title: '名称',
            dataIndex: 'subjectName',
            render: (v: string, r) => (
              <span>
                {v}
                {r.uscc ? <span className="muted block">{r.uscc}</span> : null}
              </span>
            ),
          },
          { title: '事项', dataIndex: 'itemTitle' },
          { title: '申请内容', dataIndex: 'applicationType', render: (v: string | null) => v ?? '—' },
          { title: '申请资质', dataIndex: 'qualification', render: (v: string | null) => v ?? '—' },
          {
            title: kind === 'notice' ? '审查意见' : '拟作决定',
            dataIndex: 'opinion',
            width: 220,
            render: (v: string, r) => <OpinionTag opinion={v} reason={r.reason} />,
          },
        ]}
      />
      <div className="action-bar">
        <span className="muted" aria-live="polite">
          {cases && cases.length > 0 ? `已选 ${chosenIds.length} 件，共 ${cases.length} 件` : ''}
        </span>
        <Button type="primary" disabled={chosenIds.length === 0} loading={previewing} onClick={() => void makePreview()}>
          生成预览
        </Button>
      </div>
      {preview ? (
        <PreviewEditor
          key={previewSeq}
          kind={kind}
          ids={chosenIds}
          initial={preview}
          onCancel={() => setPreview(null)}
          onStale={(message) => {
            setPreview(null);
            setStale(message);
            void load();
          }}
          onPublished={(batch) => {
            setPreview(null);
            setSelected([]);
            setDone(batch);
            void load();
            onPublished();
          }}
        />
      ) : null}
    </div>
  );
}

/** The editable part of BatchInput; an emptied 公示期 is null in the form. */
type PreviewValues = Required<Pick<BatchInput, 'title' | 'body'>> & { periodDays: number | null };

/**
 * The batch as it will be published. Title and body start as the server's defaults; a field
 * the publisher has not changed is left to the server at publication (the batch number in the
 * default title is assigned then). A new 公示期 asks the server again for the dates.
 */
function PreviewEditor(props: {
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
      (e: ApiError) => {
        if (n !== asked.current) return;
        setRefreshing(false);
        if (e.status === 409 || e.status === 404) props.onStale(e.message);
        else setProblem(e.fieldErrors[0]?.message ?? e.message);
      },
    );
  };

  const onValuesChange = (changed: Partial<PreviewValues>) => {
    if (!('periodDays' in changed)) return;
    clearTimeout(timer.current);
    const days = changed.periodDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 60) return;
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
      if (e instanceof ApiError && (e.status === 409 || e.status === 404)) props.onStale(e.message);
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
          <Input maxLength={maxLengthOf(BatchInputSchema.shape.title)} />
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
          <Input.TextArea rows={6} maxLength={maxLengthOf(BatchInputSchema.shape.body)} showCount />
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

// ---------------------------------------------------------------------------------- 已发布批次

function BatchesPanel({ selectedId, reloadKey, onSelect }: { selectedId: string | null; reloadKey: number; onSelect(id: string): void }) {
  const [kind, setKind] = useState<NoticeKind | 'all'>('all');
  const [batches, setBatches] = useState<BatchSummary[] | null>(null);
  const [error, setError] = useState<string>();
  const navigate = useNavigate();

  useEffect(() => {
    let live = true;
    noticesApi.batches(kind === 'all' ? undefined : kind).then(
      (r) => live && setBatches(r.batches),
      (e: ApiError) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [kind, reloadKey]);

  const batchLink = (id: string) => `/staff/notices?tab=batches&batch=${id}`;

  return (
    <div>
      <div className="filters">
        <Radio.Group
          aria-label="批次类型"
          optionType="button"
          value={kind}
          onChange={(e) => {
            setBatches(null);
            setError(undefined);
            setKind(e.target.value as NoticeKind | 'all');
          }}
          options={[
            { value: 'all', label: '全部' },
            { value: 'notice', label: '公示' },
            { value: 'announcement', label: '公告' },
          ]}
        />
      </div>
      {error ? <Alert type="error" title={error} className="block-gap" /> : null}
      <Table<BatchSummary>
        aria-label="已发布批次"
        rowKey="id"
        loading={batches === null && !error}
        dataSource={batches ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        size="middle"
        locale={{ emptyText: '暂无已发布的批次' }}
        rowClassName={(r) => (r.id === selectedId ? 'row-selected clickable-row' : 'clickable-row')}
        onRow={(r) => ({
          onClick: (e) => {
            if ((e.target as HTMLElement).closest('a, button')) return;
            onSelect(r.id);
          },
        })}
        columns={[
          {
            title: '标题',
            dataIndex: 'title',
            render: (v: string, r) => (
              <Link to={batchLink(r.id)} aria-current={r.id === selectedId ? 'true' : undefined}>
                {v}
              </Link>
            ),
          },
          { title: '类型', dataIndex: 'kind', width: 72, render: (v: NoticeKind) => KIND_LABEL[v] },
          { title: '发布日期', dataIndex: 'publishedAt', width: 120, render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
          { title: '公示期', key: 'period', width: 210, render: (_: unknown, r) => periodText(r.startsOn, r.endsOn) },
          { title: '状态', key: 'state', width: 90, render: (_: unknown, r) => <BatchStateTag batch={r} /> },
          { title: '条数', dataIndex: 'entryCount', width: 64, align: 'right' },
          {
            title: '待答复陈述',
            dataIndex: 'pendingStatements',
            width: 110,
            render: (n: number, r) =>
              r.kind !== 'notice' ? (
                <span className="muted">—</span>
              ) : n > 0 ? (
                <Link to="/staff/statements" aria-label={`${n} 条待答复陈述`} className="badge-link">
                  <Badge count={n} aria-hidden />
                </Link>
              ) : (
                <span className="muted">0</span>
              ),
          },
        ]}
      />
      {selectedId ? <BatchDetail id={selectedId} onClose={() => void navigate('/staff/notices?tab=batches')} /> : null}
    </div>
  );
}

function BatchDetail({ id, onClose }: { id: string; onClose(): void }) {
  const [loaded, setLoaded] = useState<{ id: string; batch?: Batch; error?: string } | null>(null);
  const batch = loaded?.id === id ? loaded.batch : undefined;
  const error = loaded?.id === id ? loaded.error : undefined;
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    noticesApi.batch(id).then(
      (b) => live && setLoaded({ id, batch: b }),
      (e: ApiError) => live && setLoaded({ id, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [id]);

  useEffect(() => {
    if (!batch) return;
    heading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    heading.current?.focus({ preventScroll: true });
  }, [batch]);

  if (error) return <Alert type="error" title={error} className="block-gap" />;
  if (!batch) return <Spin className="block-gap" />;
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
