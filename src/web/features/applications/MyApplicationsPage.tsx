import { Grid, Space, Spin, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { Suspense } from 'react';
import { Await, Link, useLoaderData } from 'react-router';
import { documentUrl, type CaseDeadline, type CorrectionDue, type ProgressAction, type ProgressRow } from '../../api/progress.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import { ProvisionalNote } from '../../components/DeadlineTag.tsx';
import type { MyCertificate } from '../../api/register.ts';
import { CertificatesTable } from '../register/MyQualificationsPage.tsx';
import type { RatableCase } from '../../api/ratings.ts';
import { RatingLink } from '../ratings/RatingTags.tsx';
import type { myApplicationsLoader } from './my-applications.loader.ts';

const STATUS_COLOR: Record<ProgressRow['status'], string> = { draft: 'default', submitted: 'blue', correction: 'orange', closed: 'green' };

/** 办理时限 of the whole case as the applicant reads it. */
export function CaseDeadlineText({ deadline }: { deadline: CaseDeadline | null }) {
  if (deadline?.paused) return <span>暂停计时（{deadline.pausedFor ?? '特别程序'}期间不计入办理时限）</span>;
  if (!deadline?.due) return <span className="muted">—</span>;
  if (deadline.overdue) return <Tag color="red">已超过法定时限 {-deadline.remainingDays} 个工作日</Tag>;
  return (
    <span>
      剩余 {deadline.remainingDays} 个工作日
      <span className="muted">
        （{deadline.due} 前，法定 {deadline.limitDays - (deadline.extensionDays ?? 0)} 个工作日
        {deadline.extensionDays ? `，经批准延长 ${deadline.extensionDays} 个工作日` : ''}）
      </span>
      {deadline.unpublishedYears?.length ? <ProvisionalNote years={deadline.unpublishedYears} /> : null}
    </span>
  );
}

/** 补正期限 as the applicant reads it: the last day, or that it has passed (视为撤回). */
export function CorrectionDueText({ due }: { due: CorrectionDue | null | undefined }) {
  if (!due) return null;
  if (due.overdue) return <Tag color="red" style={{ whiteSpace: 'normal' }}>补正期限已于 {due.due} 届满，申请视为撤回</Tag>;
  return (
    <span>
      请于 <strong>{due.due}</strong> 前完成补正并重新提交（剩余 {due.remainingDays} 个工作日），逾期视为撤回申请
      {due.unpublishedYears.length ? <ProvisionalNote years={due.unpublishedYears} /> : null}
    </span>
  );
}

function ActionLink({ row, action }: { row: ProgressRow; action: ProgressAction }) {
  switch (action.key) {
    case 'continue':
      return <Link to={`/items/${row.item}/apply`}>继续填写</Link>;
    case 'track':
      return <Link to={`/my/cases/${row.id}`}>流程跟踪</Link>;
    case 'correct':
      return <Link to={`/items/${row.item}/apply`}>补正</Link>;
    case 'acceptance':
      return (
        <a href={documentUrl(row.id, action.documentId)} download>
          下载受理单
        </a>
      );
    case 'notice':
      return <Link to={`/my/cases/${row.id}?tab=notice`}>查看公示</Link>;
    case 'collect':
      return <Link to={`/my/cases/${row.id}?tab=result`}>结果领取</Link>;
  }
}

function StatusText({ row: r }: { row: ProgressRow }) {
  return (
    <>
      {r.statusText}
      {r.correctionMessage ? <div className="muted">补正要求：{r.correctionMessage}</div> : null}
      {r.correctionDue ? (
        <div>
          <CorrectionDueText due={r.correctionDue} />
        </div>
      ) : null}
    </>
  );
}

function Actions({ row: r, rating }: { row: ProgressRow; rating?: RatableCase }) {
  return (
    <Space wrap size={[12, 4]}>
      {r.actions.map((a) => (
        <ActionLink key={a.key} row={r} action={a} />
      ))}
      {rating ? <RatingLink state={rating} /> : null}
    </Space>
  );
}

const submittedText = (r: ProgressRow) => (r.submittedAt ? dayjs(r.submittedAt).format('YYYY-MM-DD HH:mm') : <span className="muted">未提交</span>);
const EMPTY_TEXT = '暂无申报。请在首页选择事项，点击“网上办理”开始申报。';

/** Phone width: one card per application, every column of the table as a labelled line. */
function ProgressCards({ rows, ratings }: { rows: readonly ProgressRow[]; ratings: ReadonlyMap<string, RatableCase> }) {
  if (rows.length === 0) return <p className="muted">{EMPTY_TEXT}</p>;
  return (
    <ul className="progress-cards">
      {rows.map((r) => (
        <li key={r.id} className="progress-card">
          <h2 className="progress-card-title">{r.itemTitle}</h2>
          <dl className="progress-card-facts">
            <div>
              <dt>申报编号</dt>
              <dd>{r.number ?? '—'}</dd>
            </div>
            <div>
              <dt>申请内容</dt>
              <dd>{r.applicationTypeLabel ?? '—'}</dd>
            </div>
            <div>
              <dt>提交时间</dt>
              <dd>{submittedText(r)}</dd>
            </div>
            <div>
              <dt>当前环节</dt>
              <dd>
                <Tag color={STATUS_COLOR[r.status]}>{r.nodeLabel}</Tag>
              </dd>
            </div>
            <div>
              <dt>办理状态</dt>
              <dd>
                <StatusText row={r} />
              </dd>
            </div>
            <div>
              <dt>办理时限</dt>
              <dd>
                <CaseDeadlineText deadline={r.deadline} />
              </dd>
            </div>
          </dl>
          <div className="progress-card-actions">
            <Actions row={r} rating={ratings.get(r.id)} />
          </div>
        </li>
      ))}
    </ul>
  );
}

type Progress = { rows: ProgressRow[]; ratings: ReadonlyMap<string, RatableCase> };

/** 办事进度: the applicant's applications with their status in plain words and what can be done now. */
export function MyApplicationsPage() {
  const { progress, certificates } = useLoaderData<typeof myApplicationsLoader>();
  return (
    <PageFrame crumbs={[{ title: '办事进度' }]} title="办事进度">
      <div className="panel">
        <Suspense fallback={<ProgressList progress={null} />}>
          <Await
            resolve={progress}
            errorElement={
              <>
                <AsyncErrorAlert />
                <ProgressList progress={{ rows: [], ratings: new Map() }} />
              </>
            }
          >
            {(p: Progress) => <ProgressList progress={p} />}
          </Await>
        </Suspense>
      </div>
      <Suspense fallback={null}>
        <Await resolve={certificates}>
          {(held: MyCertificate[]) =>
            held.length > 0 ? (
              <section className="panel" aria-labelledby="my-qualifications" style={{ marginTop: 16 }}>
                <h2 id="my-qualifications" className="section-heading">
                  我的资质 <Link to="/my/qualifications" className="muted">查看全部</Link>
                </h2>
                <CertificatesTable certificates={held} compact />
              </section>
            ) : null
          }
        </Await>
      </Suspense>
    </PageFrame>
  );
}

/** The cases (null while loading), with 服务评价 (好差评) buttons next to those ended. */
function ProgressList({ progress }: { progress: Progress | null }) {
  // Below md the table would hide 办理状态 and 操作 off to the right: cards instead.
  const narrow = Grid.useBreakpoint().md === false;
  const ratings = progress?.ratings ?? new Map<string, RatableCase>();
  if (narrow) return progress === null ? <Spin /> : <ProgressCards rows={progress.rows} ratings={ratings} />;
  return (
    <Table<ProgressRow>
      rowKey="id"
      loading={progress === null}
      dataSource={progress?.rows ?? []}
      pagination={false}
      scroll={{ x: 960 }}
      locale={{ emptyText: EMPTY_TEXT }}
      columns={[
        { title: '申报编号', dataIndex: 'number', render: (n: string | null) => n ?? '—' },
        { title: '事项', dataIndex: 'itemTitle' },
        { title: '申请内容', dataIndex: 'applicationTypeLabel', render: (v: string | null) => v ?? '—' },
        { title: '提交时间', key: 'time', render: (_, r) => submittedText(r) },
        {
          title: '当前环节',
          key: 'node',
          render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{r.nodeLabel}</Tag>,
        },
        { title: '办理状态', key: 'statusText', render: (_, r) => <StatusText row={r} /> },
        { title: '办理时限', key: 'deadline', render: (_, r) => <CaseDeadlineText deadline={r.deadline} /> },
        { title: '操作', key: 'actions', render: (_, r) => <Actions row={r} rating={ratings.get(r.id)} /> },
      ]}
    />
  );
}
