import { Alert, Button, Table } from 'antd';
import { Suspense, useState } from 'react';
import { Await, Link } from 'react-router';
import { NOTICE_PERIOD_DAYS } from '../../../domain/notices/period.ts';
import { isApiError } from '../../api/client.ts';
import { noticesApi, publicBatchUrl, type Batch, type BatchPreview, type CandidateCase, type NoticeKind } from '../../api/notices.ts';
import { useReload, type Later } from '../../app/loaders.ts';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import { CHOICE_STALE, KIND_LABEL, OpinionTag } from './notice-display.tsx';
import { PreviewEditor } from './PreviewEditor.tsx';

/** 待公示 / 待公告: the cases waiting (`cases`, as the route loader hands them over), ticked into a batch, previewed and published. */
export function CandidatesPanel({ kind, cases }: { kind: NoticeKind; cases: Later<CandidateCase[]> | undefined }) {
  if (!cases) return null;
  return (
    <Suspense fallback={<Candidates kind={kind} cases={null} />}>
      <Await resolve={cases} errorElement={<AsyncErrorAlert />}>
        {(list: CandidateCase[]) => <Candidates kind={kind} cases={list} />}
      </Await>
    </Suspense>
  );
}

/** The list (null while loading) with what the publisher is doing to it; kept while the list reloads. */
function Candidates({ kind, cases }: { kind: NoticeKind; cases: CandidateCase[] | null }) {
  const label = KIND_LABEL[kind];
  const reload = useReload();
  const [error, setError] = useState<string>();
  // Why the last preview or publication was refused (a case was published meanwhile); kept across the reload it triggers.
  const [stale, setStale] = useState<string>();
  const [selected, setSelected] = useState<string[]>([]);
  const [preview, setPreview] = useState<BatchPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  // A new preview starts a fresh editor even for the same cases.
  const [previewSeq, setPreviewSeq] = useState(0);
  const [done, setDone] = useState<Batch | null>(null);

  // Entries in the order of the list (oldest submission first), whatever order they were ticked in;
  // a ticked case no longer in the reloaded list drops out.
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
      if (isApiError(e, ...CHOICE_STALE)) {
        setStale(e.message);
        void reload();
      } else setError(e instanceof Error ? e.message : '生成预览失败');
    } finally {
      setPreviewing(false);
    }
  };

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
          selectedRowKeys: chosenIds,
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
            void reload();
          }}
          onPublished={(batch) => {
            setPreview(null);
            setSelected([]);
            setDone(batch);
            void reload();
          }}
        />
      ) : null}
    </div>
  );
}
