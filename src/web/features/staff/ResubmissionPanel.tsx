import { Alert, Button, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ItemDefinition } from '../../../domain/items/index.ts';
import { staffApi, type CaseView } from '../../api/staff.ts';
import { displayValue } from '../../components/display.tsx';

type File = CaseView['attachments'][number];
const minute = (at: string | Date) => dayjs(at).format('YYYY-MM-DD HH:mm');
const STATUS = { replaced: ['orange', '已更换'], added: ['green', '新增'], removed: ['red', '已删除'], unchanged: ['default', '未修改'] } as const;

/** Opens a file in the case page's viewer, beside the form data. */
export type ViewFile = (url: string, title: string) => void;

function FileLink({ caseId, file, onView }: { caseId: string; file: File | null; onView: ViewFile }) {
  if (!file) return <span className="muted">无</span>;
  const url = staffApi.attachmentVersionUrl(caseId, file.id);
  return (
    <>
      <a href={url} target="_blank" rel="noopener noreferrer">
        {file.originalName}（{file.pages} 页，{minute(file.uploadedAt)} 上传）
      </a>
      <Button size="small" type="link" onClick={() => onView(url, file.originalName)} aria-label={`在页面中查看${file.originalName}（${minute(file.uploadedAt)} 上传）`}>
        在页面中查看
      </Button>
    </>
  );
}

/** 重新提交对比: what the applicant changed against the round before and the 补正 request. */
export function ResubmissionPanel({ view, item, onView }: { view: CaseView; item: ItemDefinition; onView: ViewFile }) {
  const r = view.resubmission;
  if (!r) return null;
  const fieldOf = (step: string, name: string) => {
    const s = item.steps.find((x) => x.key === step);
    return s?.kind === 'form' ? { step: s, field: s.fields.find((f) => f.name === name) } : undefined;
  };
  const slotTitle = (slot: string) => {
    const s = item.steps.find((x) => x.kind === 'attachments');
    return (s?.kind === 'attachments' && s.slots.find((x) => x.key === slot)?.title) || slot;
  };
  const changedFiles = r.attachments.filter((a) => a.status !== 'unchanged');
  const formSteps = item.steps.filter((s) => s.kind === 'form');
  return (
    <section className="panel case-section" aria-label="重新提交对比">
      <Typography.Title level={2} style={{ fontSize: 17, marginTop: 0 }}>
        重新提交对比
      </Typography.Title>
      <p>
        申请人于 {minute(r.resubmittedAt)} 重新提交，以下为与上次提交（{minute(r.previousAt)}）相比的变化。
      </p>
      {r.request ? (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={`补正要求（${minute(r.request.at)}）：${r.request.message || '—'}`}
          description={
            <ul className="plain-list">
              {r.request.items.map((i) => (
                <li key={i.value}>
                  {i.label} {i.changed ? <Tag color="green">已修改</Tag> : <Tag color="orange">未修改</Tag>}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        表单内容
      </Typography.Title>
      {r.fields.length === 0 ? (
        <p className="muted">表单内容均未修改。</p>
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey={(f) => `${f.step}.${f.field}`}
          dataSource={r.fields}
          columns={[
            { title: '栏目', key: 'label', render: (_, f) => { const d = fieldOf(f.step, f.field); return `${d?.step.title ?? f.step} · ${d?.field?.label ?? f.field}`; } },
            { title: '修改前', key: 'before', render: (_, f) => { const d = fieldOf(f.step, f.field); return d?.field ? displayValue(d.field, f.before) : String(f.before ?? '—'); } },
            { title: '修改后', key: 'after', render: (_, f) => { const d = fieldOf(f.step, f.field); return d?.field ? displayValue(d.field, f.after) : String(f.after ?? '—'); } },
            { title: '', key: 'requested', render: (_, f) => (f.requested ? <Tag color="blue">补正要求</Tag> : <Tag>未要求</Tag>) },
          ]}
        />
      )}
      <p className="muted" style={{ marginTop: 8 }}>
        {formSteps
          .map((s) => {
            const n = r.fields.filter((f) => f.step === s.key).length;
            return `${s.title}：${n ? `修改 ${n} 项` : '未修改'}`;
          })
          .join('；')}
      </p>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        附件
      </Typography.Title>
      {changedFiles.length === 0 ? <p className="muted">附件均未修改。</p> : null}
      <ul className="plain-list resubmission-files">
        {changedFiles.map((a) => (
          <li key={a.slot}>
            <strong>{slotTitle(a.slot)}</strong> <Tag color={STATUS[a.status][0]}>{STATUS[a.status][1]}</Tag>
            {a.requested ? <Tag color="blue">补正要求</Tag> : null}
            <div>
              原文件：<FileLink caseId={view.id} file={a.before} onView={onView} />
            </div>
            <div>
              新文件：<FileLink caseId={view.id} file={a.after} onView={onView} />
            </div>
          </li>
        ))}
      </ul>
      {changedFiles.length > 0 && changedFiles.length < r.attachments.length ? (
        <p className="muted">其余 {r.attachments.length - changedFiles.length} 项附件未修改。</p>
      ) : null}
    </section>
  );
}

/** 附件版本记录: every file a slot has had since 提交, the current one first; none is deleted. */
export function AttachmentVersionsPanel({ view, item, onView }: { view: CaseView; item: ItemDefinition; onView: ViewFile }) {
  if (view.attachmentVersions.length === 0) return null;
  const step = item.steps.find((s) => s.kind === 'attachments');
  const slots = step?.kind === 'attachments' ? step.slots : [];
  const withHistory = slots.filter((s) => view.attachmentVersions.some((v) => v.slot === s.key));
  return (
    <section className="panel case-section" aria-label="附件版本记录">
      <Typography.Title level={2} style={{ fontSize: 17, marginTop: 0 }}>
        附件版本记录
      </Typography.Title>
      {withHistory.map((slot) => {
        const current = view.attachments.find((a) => a.slot === slot.key);
        const earlier = view.attachmentVersions.filter((v) => v.slot === slot.key).reverse();
        return (
          <div key={slot.key} style={{ marginBottom: 12 }}>
            <strong>{slot.title}</strong>
            <ol className="plain-list">
              {current ? (
                <li>
                  <Tag color="green">当前</Tag>
                  <FileLink caseId={view.id} file={current} onView={onView} />
                </li>
              ) : (
                <li className="muted">当前：已删除</li>
              )}
              {earlier.map((v) => (
                <li key={v.id}>
                  <Tag>{minute(v.supersededAt)} 被替换</Tag>
                  <FileLink caseId={view.id} file={v} onView={onView} />
                </li>
              ))}
            </ol>
          </div>
        );
      })}
    </section>
  );
}
