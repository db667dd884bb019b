import { Alert, App, Button, Checkbox, Descriptions, Drawer, Form, Input, InputNumber, Result, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { Suspense, useState } from 'react';
import { Await, useLoaderData } from 'react-router';
import { findApplicationType, findItem } from '../../../domain/items/index.ts';
import { MAX_SPECIAL_PROCEDURE_DAYS } from '../../../domain/workflow/index.ts';
import { STAFF_ROLES, isStaffRole } from '../../../domain/roles.ts';
import { maxLengthOf } from '../../../contract/common.ts';
import { CaseActionInputSchema, CaseHandOverInputSchema, CaseResumeInputSchema, CaseSuspendInputSchema, ExtensionRequestInputSchema } from '../../../contract/staff.ts';
import { isApiError, type ErrorCode } from '../../api/client.ts';
import { staffApi, type CaseAction, type CaseView } from '../../api/staff.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useReload } from '../../app/loaders.ts';
import { useAsyncErrorMessage } from '../../app/RouteError.tsx';
import { DeadlineTag, ProvisionalNote } from '../../components/DeadlineTag.tsx';
import { ApplicationSections } from '../../components/ApplicationSections.tsx';
import type { caseLoader } from './case.loader.ts';
import { AttachmentVersionsPanel, ResubmissionPanel } from './ResubmissionPanel.tsx';

/** The role of whoever took a step; nothing for the system's own steps (the server names those). */
const roleLabel = (role: string | null) => (role === 'applicant' ? '申请人' : role && isStaffRole(role) ? STAFF_ROLES[role] : '');

/** 案件办理: what the applicant entered, the files, the history, and the actions of this node. */
export function CasePage() {
  const { view } = useLoaderData<typeof caseLoader>();
  return (
    <Suspense fallback={<Spin />}>
      <Await resolve={view} errorElement={<CaseUnavailable />}>
        {(v: CaseView) => <CaseDetail view={v} />}
      </Await>
    </Suspense>
  );
}

function CaseUnavailable() {
  return (
    <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '案件' }]}>
      <div className="panel">
        <Result status="warning" title="无法打开案件" subTitle={useAsyncErrorMessage()} />
      </div>
    </PageFrame>
  );
}

function CaseDetail({ view }: { view: CaseView }) {
  const reload = useReload();
  // A file open beside the form data: the browser's PDF viewer (pages, thumbnails, keys) in a panel.
  const [viewing, setViewing] = useState<{ url: string; title: string } | null>(null);
  const item = findItem(view.item);
  const type = item && view.applicationType ? findApplicationType(item, view.applicationType) : undefined;

  return (
    <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: view.number ?? '' }]} title={`${view.number} ${item?.title ?? ''}`}>
      <div className="case-grid">
        <div>
          <section className="panel" aria-label="案件概况" style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'type', label: '申请内容', children: type?.label ?? '—' },
                { key: 'flow', label: '办理流程', children: view.workflow.label },
                { key: 'submitted', label: '提交时间', children: dayjs(view.submittedAt).format('YYYY-MM-DD HH:mm') },
                { key: 'deadline', label: '本环节时限', children: <DeadlineTag deadline={view.deadline} /> },
                {
                  key: 'case-deadline',
                  label: '法定办结期限',
                  children: view.caseDeadline ? (
                    <span>
                      {view.caseDeadline.paused ? `计时暂停中（${view.caseDeadline.pausedFor ?? '特别程序'}期间不计入）` : view.caseDeadline.due}（
                      {view.caseDeadline.limitDays - view.caseDeadline.extensionDays} 个工作日
                      {view.caseDeadline.extensionDays ? `，已延期 ${view.caseDeadline.extensionDays} 个工作日` : ''}，
                      {view.caseDeadline.overdue ? `已逾期 ${-view.caseDeadline.remainingDays} 个工作日` : `剩余 ${view.caseDeadline.remainingDays} 个工作日`}）
                      {view.caseDeadline.unpublishedYears.length > 0 ? <ProvisionalNote years={view.caseDeadline.unpublishedYears} /> : null}
                    </span>
                  ) : (
                    <span className="muted">受理后开始计算</span>
                  ),
                },
                {
                  key: 'node',
                  label: '当前环节',
                  children:
                    view.state.status === 'open' ? <Tag color="blue">{view.state.nodeLabel}</Tag> : <Tag color="green">{view.state.endLabel}</Tag>,
                },
              ]}
            />
          </section>
          {item ? <ResubmissionPanel view={view} item={item} onView={(url, title) => setViewing({ url, title })} /> : null}
          {item ? (
            <ApplicationSections
              item={item}
              className="panel case-section"
              data={view.data}
              attachments={view.attachments}
              attachmentUrl={(slot) => staffApi.attachmentUrl(view.id, slot)}
              view={(slot, title) => setViewing({ url: staffApi.attachmentUrl(view.id, slot), title })}
            />
          ) : null}
          {item ? <AttachmentVersionsPanel view={view} item={item} onView={(url, title) => setViewing({ url, title })} /> : null}
        </div>
        <aside>
          <HoldingPanel view={view} onDone={reload} />
          <SuspensionPanel view={view} onDone={reload} />
          <ActionPanel view={view} onDone={reload} />
          <ExtensionPanel view={view} onChanged={reload} />
          {view.documents.length > 0 ? (
            <section className="panel case-section" aria-label="已出具文书">
              <Typography.Title level={2} style={{ fontSize: 17, marginTop: 0 }}>
                已出具文书
              </Typography.Title>
              <ul className="plain-list">
                {view.documents.map((d) => (
                  <li key={d.id}>
                    <a href={staffApi.documentUrl(view.id, d.id)} download>
                      {d.title}
                    </a>{' '}
                    <span className="muted">
                      {d.number}
                      {d.status !== 'valid' ? `（${d.revokedReason ?? '已失效'}）` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section className="panel" aria-label="办理记录">
            <Typography.Title level={2} style={{ fontSize: 17, marginTop: 0 }}>
              办理记录
            </Typography.Title>
            <Timeline
              items={view.history.map((h) => ({
                key: `${h.at}-${h.action}`,
                children: (
                  <div>
                    <div>
                      <strong>{h.nodeLabel}</strong> · {h.actionLabel}
                    </div>
                    <div className="muted">
                      {dayjs(h.at).format('YYYY-MM-DD HH:mm')} {roleLabel(h.actorRole)} {h.actor ?? ''}
                    </div>
                    {h.opinion ? <div>意见：{h.opinion}</div> : null}
                    {h.remark ? <div className="muted">内部备注：{h.remark}</div> : null}
                    {h.correctionItems ? <div>补正内容：{h.correctionItems.join('、')}</div> : null}
                    {h.expectedDays ? <div>预计所需时间：{h.expectedDays} 个工作日（不计入办理时限）</div> : null}
                  </div>
                ),
              }))}
            />
          </section>
        </aside>
      </div>
      <Drawer
        open={viewing !== null}
        onClose={() => setViewing(null)}
        mask={false}
        placement="right"
        size="48%"
        title={viewing?.title}
        extra={
          viewing ? (
            <a href={viewing.url} target="_blank" rel="noopener noreferrer">
              在新窗口打开
            </a>
          ) : null
        }
        styles={{ body: { padding: 0 } }}
      >
        {viewing ? <iframe className="file-viewer" src={viewing.url} title={`${viewing.title}（PDF）`} /> : null}
      </Drawer>
    </PageFrame>
  );
}

/**
 * A command on the case (认领, 转办, 中止审查 …): busy while it runs; on success a message, `closed`
 * (the panel's form) and a reload; refused because the case moved on, a dialog offering the reload.
 */
function useCaseCommand(onDone: () => void, closed: () => void) {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (done: string, call: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await call();
      void message.success(done);
      closed();
      onDone();
    } catch (e) {
      if (isApiError(e, ...NOT_TAKEN)) modal.warning({ title: '操作未执行', content: e.message, okText: '刷新案件', onOk: onDone });
      else void message.error(e instanceof Error ? e.message : '操作失败');
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

/**
 * 经办人: who holds the case (认领) and, as this account may, 认领 / 释放 / 转办 / 指派. The holder
 * alone takes the node's actions; a case nobody holds may be worked by anyone with the role.
 */
function HoldingPanel({ view, onDone }: { view: CaseView; onDone(): void }) {
  const [handing, setHanding] = useState<'transfer' | 'assign' | null>(null);
  const { busy, run } = useCaseCommand(onDone, () => setHanding(null));
  const { holder, canClaim, canRelease, canTransfer, canAssign, assignees } = view.holding;
  if (view.state.status === 'ended' || (!holder && !canClaim && !canAssign)) return null;
  const node = view.state.node;

  return (
    <section className="panel case-section" aria-label="经办人">
      <Typography.Title level={2} style={{ fontSize: 17, marginTop: 0 }}>
        经办人
      </Typography.Title>
      <p>
        {holder ? (
          <>
            <Tag color={holder.mine ? 'blue' : 'default'}>{holder.mine ? '我' : holder.name}</Tag>
            {holder.mine ? `${holder.name}，` : ''}自 {dayjs(holder.since).format('YYYY-MM-DD HH:mm')} 认领
          </>
        ) : (
          <span className="muted">尚未认领：认领后由您一人办理，他人不能同时处理</span>
        )}
      </p>
      <Space wrap>
        {canClaim ? (
          <Button type="primary" loading={busy} onClick={() => void run('已认领', () => staffApi.claim(view.id, node))}>
            认领
          </Button>
        ) : null}
        {canTransfer ? <Button onClick={() => setHanding('transfer')}>转办</Button> : null}
        {canAssign ? <Button onClick={() => setHanding('assign')}>指派</Button> : null}
        {canRelease ? (
          <Button loading={busy} onClick={() => void run('已释放，案件回到待办队列', () => staffApi.release(view.id))}>
            释放
          </Button>
        ) : null}
      </Space>
      {handing ? (
        <Form
          layout="vertical"
          style={{ marginTop: 12 }}
          aria-label={handing === 'transfer' ? '转办' : '指派'}
          onFinish={(v: { to: string; reason?: string }) =>
            void run(handing === 'transfer' ? '已转办' : '已指派', () => staffApi.handOver(view.id, handing, { to: v.to, reason: v.reason?.trim() || undefined, node }))
          }
        >
          <Form.Item name="to" label={handing === 'transfer' ? '转办给' : '指派给'} rules={[{ required: true, message: '请选择工作人员' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="选择本环节岗位的工作人员"
              options={assignees.filter((a) => handing === 'assign' || a.id !== holder?.id).map((a) => ({ value: a.id, label: a.name }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={handing === 'transfer' ? '转办理由' : '指派说明（可选）'}
            rules={handing === 'transfer' ? [{ required: true, whitespace: true, message: '请填写转办理由' }] : []}
          >
            <Input.TextArea rows={2} maxLength={maxLengthOf(CaseHandOverInputSchema.shape.reason)} showCount />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              确认{handing === 'transfer' ? '转办' : '指派'}
            </Button>
            <Button onClick={() => setHanding(null)}>取消</Button>
          </Space>
        </Form>
      ) : null}
    </section>
  );
}

/**
 * 中止审查: while suspended, since when and why (the applicant was told), and 恢复审查; otherwise,
 * for whoever may, the form to suspend with a reason.
 */
function SuspensionPanel({ view, onDone }: { view: CaseView; onDone(): void }) {
  const [open, setOpen] = useState(false);
  const { busy, run } = useCaseCommand(onDone, () => setOpen(false));
  const { current, canSuspend, canResume } = view.suspension;
  if (view.state.status === 'ended' || (!current && !canSuspend)) return null;
  const node = view.state.node;

  return (
    <section className="panel case-section" aria-label="中止审查">
      <Typography.Title level={2} style={{ fontSize: 17, marginTop: 0 }}>
        中止审查
      </Typography.Title>
      {current ? (
        <Alert
          type="warning"
          style={{ marginBottom: 12 }}
          title={`自 ${dayjs(current.since).format('YYYY-MM-DD HH:mm')} 起中止审查（${current.by}），期间不计入办理时限`}
          description={`理由：${current.reason}`}
        />
      ) : (
        <p className="muted">需核实情况等原因暂不能继续审查的，可中止审查；中止期间不计入办理时限，系统即时告知申请人。</p>
      )}
      {!open && (canSuspend || canResume) ? (
        <Button danger={canSuspend} onClick={() => setOpen(true)}>
          {canSuspend ? '中止审查' : '恢复审查'}
        </Button>
      ) : null}
      {open && canSuspend ? (
        <Form layout="vertical" aria-label="中止审查理由" onFinish={(v: { reason: string }) => void run('已中止审查，已告知申请人', () => staffApi.suspend(view.id, v.reason.trim(), node))}>
          <Form.Item name="reason" label="中止理由（告知申请人）" rules={[{ required: true, whitespace: true, message: '请填写中止审查的理由' }]}>
            <Input.TextArea rows={3} maxLength={maxLengthOf(CaseSuspendInputSchema.shape.reason)} showCount />
          </Form.Item>
          <Space>
            <Button type="primary" danger htmlType="submit" loading={busy}>
              确认中止审查
            </Button>
            <Button onClick={() => setOpen(false)}>取消</Button>
          </Space>
        </Form>
      ) : null}
      {open && canResume ? (
        <Form layout="vertical" aria-label="恢复审查说明" onFinish={(v: { note?: string }) => void run('已恢复审查，已告知申请人', () => staffApi.resume(view.id, v.note?.trim() || undefined))}>
          <Form.Item name="note" label="恢复说明（可选，告知申请人）">
            <Input.TextArea rows={2} maxLength={maxLengthOf(CaseResumeInputSchema.shape.note)} showCount />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              确认恢复审查
            </Button>
            <Button onClick={() => setOpen(false)}>取消</Button>
          </Space>
        </Form>
      ) : null}
    </section>
  );
}

/**
 * The checkbox list of 补正 items as a labelled group. Form.Item passes aria-required, which a
 * plain group element may not carry (axe: aria-allowed-attr); the group takes only what it may.
 */
function CorrectionChoices(props: {
  options: { value: string; label: string }[];
  value?: string[];
  onChange?: (v: string[]) => void;
  id?: string;
  'aria-invalid'?: string;
  'aria-describedby'?: string;
}) {
  return (
    <div role="group" id={props.id} aria-labelledby={props.id ? `${props.id}_label` : undefined} aria-invalid={props['aria-invalid'] === 'true' || undefined} aria-describedby={props['aria-describedby']}>
      <Checkbox.Group options={props.options} value={props.value} onChange={(v) => props.onChange?.(v as string[])} className="radio-list" />
    </div>
  );
}

const EXTENSION_STATUS: Record<string, { color: string; label: string }> = {
  pending: { color: 'gold', label: '待负责人审批' },
  approved: { color: 'green', label: '已批准' },
  refused: { color: 'red', label: '不予批准' },
};

/**
 * Art.42 延期: the case's requests, and the form to ask for one (审查/复核 handlers, once per
 * case, while the statutory period runs).
 */
function ExtensionPanel({ view, onChanged }: { view: CaseView; onChanged(): void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const { requests, canRequest, days } = view.extension;
  if (requests.length === 0 && !canRequest) return null;
  const submit = async (values: { reason: string }) => {
    setBusy(true);
    try {
      await staffApi.requestExtension(view.id, values.reason.trim());
      void message.success('延期申请已提交，等待负责人审批');
      setOpen(false);
      onChanged();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : '提交失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel case-section" aria-label="延期">
      <Typography.Title level={2} style={{ fontSize: 17, marginTop: 0 }}>
        延期（行政许可法第四十二条）
      </Typography.Title>
      {requests.map((r) => (
        <div key={r.id} style={{ marginBottom: 8 }}>
          <Tag color={EXTENSION_STATUS[r.status]?.color}>{EXTENSION_STATUS[r.status]?.label}</Tag>
          延长 {r.days} 个工作日 · {r.requestedByName ?? ''} {dayjs(r.requestedAt).format('YYYY-MM-DD HH:mm')}
          <div className="muted">理由：{r.reason}</div>
          {r.status === 'approved' ? <div>办结期限由 {r.dueBefore} 延至 {r.dueAfter}（{r.decidedByName ?? '负责人'}批准）</div> : null}
          {r.status === 'refused' ? <div>负责人意见：{r.decisionOpinion}</div> : null}
        </div>
      ))}
      {canRequest && !open ? (
        <Button onClick={() => setOpen(true)}>申请延期 {days} 个工作日</Button>
      ) : null}
      {canRequest && open ? (
        <Form layout="vertical" onFinish={(v) => void submit(v)} aria-label="申请延期">
          <Form.Item
            name="reason"
            label="延期理由（经负责人批准后告知申请人）"
            rules={[{ required: true, whitespace: true, min: 5, message: '请写明延期理由（至少5个字）' }]}
          >
            <Input.TextArea rows={3} maxLength={maxLengthOf(ExtensionRequestInputSchema.shape.reason)} showCount />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              提交负责人审批
            </Button>
            <Button onClick={() => setOpen(false)}>取消</Button>
          </Space>
        </Form>
      ) : null}
    </section>
  );
}

/** The actions of this node; `onDone` reloads the case after one is taken, or when another's came first. */
/** The action was not taken because the case is not as the page showed it, or the rules its state brings refuse it now: refresh. */
const NOT_TAKEN = [
  'CASE_VERSION_CONFLICT',
  'CASE_ENDED',
  'CASE_NOT_IN_STAGE',
  'CASE_HELD_BY_OTHER',
  'CASE_NOT_HELD_BY_YOU',
  'CASE_SUSPENDED',
  'CASE_NOT_SUSPENDED',
  'CASE_ACTION_BATCH_ONLY',
  'CORRECTION_PERIOD_RUNNING',
  'REGISTER_CERTIFICATE_EXPIRED',
  'REGISTER_DECISION_REFUSED',
] as const satisfies readonly ErrorCode[];

function ActionPanel({ view, onDone }: { view: CaseView; onDone(): void }) {
  const { message, modal } = App.useApp();
  const [chosen, setChosen] = useState<CaseAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();

  if (view.state.status === 'ended') {
    return (
      <section className="panel" aria-label="办理操作" style={{ marginBottom: 16 }}>
        <Alert type="success" title={`已办结：${view.state.endLabel}`} />
      </section>
    );
  }
  if (view.actions.length === 0) {
    return (
      <section className="panel" aria-label="办理操作" style={{ marginBottom: 16 }}>
        <Alert
          type="info"
          title={
            view.suspension.current
              ? '中止审查期间不能办理，恢复审查后继续。'
              : view.holding.holder && !view.holding.holder.mine
              ? `该申报已由${view.holding.holder.name}认领，由其办理；如需接手，请联系其转办或由负责人指派。`
              : view.state.node === 'correction'
              ? `等待申请人补正${view.deadline?.due ? `，补正期限至 ${view.deadline.due}；期满未补正的，受理岗可按“逾期未补正，视为撤回”终止办理` : ''}。`
              : `当前环节“${view.state.nodeLabel}”不由您的岗位办理。`
          }
        />
      </section>
    );
  }

  const submit = async (values: { opinion?: string; remark?: string; correctionItems?: string[]; expectedDays?: number }) => {
    if (!chosen) return;
    setBusy(true);
    try {
      await staffApi.act(view.id, {
        action: chosen.key,
        version: view.version,
        opinion: values.opinion?.trim() || undefined,
        remark: values.remark?.trim() || undefined,
        correctionItems: values.correctionItems,
        expectedDays: chosen.expectedPeriod ? values.expectedDays : undefined,
      });
      void message.success(`已${chosen.label}`);
      setChosen(null);
      form.resetFields();
      onDone();
    } catch (e) {
      if (isApiError(e, ...NOT_TAKEN)) {
        modal.warning({ title: '操作未执行', content: e.message, okText: '刷新案件', onOk: onDone });
      } else void message.error(e instanceof Error ? e.message : '操作失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-label="办理操作" style={{ marginBottom: 16 }}>
      <Typography.Title level={2} style={{ fontSize: 17, marginTop: 0 }}>
        {view.state.nodeLabel}
      </Typography.Title>
      {view.issuePreview ? (
        <p>
          制证完成前请核对证书内容：
          <a href={staffApi.issuePreviewUrl(view.id)} target="_blank" rel="noopener noreferrer">
            预览证书（样张）
          </a>
        </p>
      ) : null}
      <Space wrap style={{ marginBottom: 12 }}>
        {view.actions.map((a) => (
          <Button key={a.key} type={chosen?.key === a.key ? 'primary' : 'default'} danger={a.negative} onClick={() => setChosen(a)}>
            {a.label}
          </Button>
        ))}
      </Space>
      {chosen ? (
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} aria-label={`${chosen.label}意见`}>
          {chosen.requestsCorrection ? (
            <Form.Item name="correctionItems" label="需要补正的内容" rules={[{ required: true, message: '请列出需要补正的内容' }]}>
              <CorrectionChoices options={view.correctionChoices} />
            </Form.Item>
          ) : null}
          {chosen.expectedPeriod ? (
            <Form.Item
              name="expectedDays"
              label="预计所需时间（工作日，写入告知申请人的特别程序告知书）"
              rules={[{ required: true, message: '请填写预计所需时间' }]}
            >
              <InputNumber min={1} max={MAX_SPECIAL_PROCEDURE_DAYS} precision={0} addonAfter="个工作日" style={{ width: 200 }} />
            </Form.Item>
          ) : null}
          {chosen.opinion !== 'none' && view.opinionTemplates.length > 0 ? (
            <Form.Item label="常用意见" extra="插入后可按个案修改">
              <Select
                aria-label="插入常用意见"
                placeholder="选择要插入的常用意见"
                value={null}
                options={view.opinionTemplates.map((t) => ({ value: t.id, label: t.title }))}
                onChange={(id: string) => {
                  const body = view.opinionTemplates.find((t) => t.id === id)?.body ?? '';
                  const current = (form.getFieldValue('opinion') as string | undefined)?.trim();
                  form.setFieldValue('opinion', current ? `${current}\n${body}` : body);
                }}
              />
            </Form.Item>
          ) : null}
          {chosen.opinion !== 'none' ? (
            <Form.Item
              name="opinion"
              label={chosen.requestsCorrection ? '补正说明（告知申请人）' : chosen.expectedPeriod ? '理由（告知申请人）' : '意见（申请人可在流程跟踪中看到）'}
              rules={chosen.opinion === 'required' || chosen.expectedPeriod ? [{ required: true, whitespace: true, message: '请填写意见' }] : []}
            >
              <Input.TextArea rows={4} maxLength={maxLengthOf(CaseActionInputSchema.shape.opinion)} showCount />
            </Form.Item>
          ) : null}
          <Form.Item name="remark" label="内部备注（仅工作人员可见）">
            <Input.TextArea rows={2} maxLength={maxLengthOf(CaseActionInputSchema.shape.remark)} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} danger={chosen.negative}>
              确认{chosen.label}
            </Button>
            <Button onClick={() => setChosen(null)}>取消</Button>
          </Space>
        </Form>
      ) : null}
    </section>
  );
}
