import { Alert, App, Button, Checkbox, Descriptions, Form, Input, Result, Space, Spin, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { findApplicationType, findItem } from '../../../domain/items/index.ts';
import { STAFF_ROLES, isStaffRole } from '../../../domain/roles.ts';
import { ApiError } from '../../api/client.ts';
import { staffApi, type CaseAction, type CaseView } from '../../api/staff.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { DeadlineTag, ProvisionalNote } from '../../components/DeadlineTag.tsx';
import { ApplicationSections } from '../../components/ApplicationSections.tsx';

const roleLabel = (role: string | null) => (role === 'applicant' ? '申请人' : role && isStaffRole(role) ? STAFF_ROLES[role] : (role ?? ''));

/** 案件办理: what the applicant entered, the files, the history, and the actions of this node. */
export function CasePage() {
  const { id = '' } = useParams();
  const [view, setView] = useState<CaseView | null>(null);
  const [error, setError] = useState<string>();
  const load = useCallback(() => staffApi.getCase(id).then(setView, (e: ApiError) => setError(e.message)), [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error && !view) {
    return (
      <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '案件' }]}>
        <div className="panel">
          <Result status="warning" title="无法打开案件" subTitle={error} />
        </div>
      </PageFrame>
    );
  }
  if (!view) return <Spin />;
  const item = findItem(view.item);
  const type = item && view.applicationType ? findApplicationType(item, view.applicationType) : undefined;

  return (
    <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: view.number }]} title={`${view.number} ${item?.title ?? ''}`}>
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
                      {view.caseDeadline.due ?? '计时暂停中'}（{view.caseDeadline.limitDays} 个工作日，
                      {view.caseDeadline.overdue ? `已逾期 ${-view.caseDeadline.remainingDays} 个工作日` : `剩余 ${view.caseDeadline.remainingDays} 个工作日`}
                      {view.caseDeadline.paused ? '，补正/公示期间不计时' : ''}）
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
          {item ? (
            <ApplicationSections
              item={item}
              className="panel case-section"
              data={view.data}
              attachments={view.attachments}
              attachmentUrl={(slot) => staffApi.attachmentUrl(view.id, slot)}
            />
          ) : null}
        </div>
        <aside>
          <ActionPanel view={view} onDone={setView} onStale={load} />
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
                  </div>
                ),
              }))}
            />
          </section>
        </aside>
      </div>
    </PageFrame>
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

/** The parts an acceptor may reopen for 补正: each form step and each attachment slot. */
function correctionChoices(view: CaseView) {
  const item = findItem(view.item);
  if (!item) return [];
  return item.steps.flatMap((step) =>
    step.kind === 'form'
      ? [
          { value: step.key, label: `${step.title}（全部信息）` },
          ...step.fields.map((f) => ({ value: `${step.key}.${f.name}`, label: `${step.title}：${f.label}` })),
        ]
      : step.kind === 'attachments'
        ? step.slots.map((s) => ({ value: `attachments.${s.key}`, label: `附件：${s.title}` }))
        : [],
  );
}

function ActionPanel({ view, onDone, onStale }: { view: CaseView; onDone(v: CaseView): void; onStale(): void }) {
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
        <Alert type="info" title={`当前环节“${view.state.nodeLabel}”不由您的岗位办理。`} />
      </section>
    );
  }

  const submit = async (values: { opinion?: string; remark?: string; correctionItems?: string[] }) => {
    if (!chosen) return;
    setBusy(true);
    try {
      const next = await staffApi.act(view.id, { action: chosen.key, version: view.version, opinion: values.opinion?.trim() || undefined, remark: values.remark?.trim() || undefined, correctionItems: values.correctionItems });
      void message.success(`已${chosen.label}`);
      setChosen(null);
      form.resetFields();
      onDone(next);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        modal.warning({ title: '操作未执行', content: e.message, okText: '刷新案件', onOk: onStale });
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
              <CorrectionChoices options={correctionChoices(view)} />
            </Form.Item>
          ) : null}
          {chosen.opinion !== 'none' ? (
            <Form.Item
              name="opinion"
              label={chosen.requestsCorrection ? '补正说明（告知申请人）' : '意见（申请人可在流程跟踪中看到）'}
              rules={chosen.opinion === 'required' ? [{ required: true, whitespace: true, message: '请填写意见' }] : []}
            >
              <Input.TextArea rows={4} maxLength={2000} showCount />
            </Form.Item>
          ) : null}
          <Form.Item name="remark" label="内部备注（仅工作人员可见）">
            <Input.TextArea rows={2} maxLength={2000} />
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
