import { Alert, App, Button, Popconfirm, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { AttachmentSlot, AttachmentsStepDefinition } from '../../../domain/forms/index.ts';
import { generatedForms } from '../../../domain/forms/generated.ts';
import { findItem, uploadRulesText } from '../../../domain/items/index.ts';
import { publicConfig } from '../../app/public-config.ts';
import { isApiError } from '../../api/client.ts';
import { applicationsApi, type ApplicationView } from '../../api/applications.ts';
import { isReopened } from './reopened.ts';
import { DossierBuilder } from './DossierBuilder.tsx';
import { hasDossier } from '../../../domain/dossier/index.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';

interface Props {
  step: AttachmentsStepDefinition;
  application: ApplicationView;
  saved: boolean;
  onChanged(application: ApplicationView): void;
  onStale(): void;
  onPrevious(): void;
  onNext(): void;
  /** A slot to focus on arrival (a link of the review's error summary). */
  focusSlot?: string;
}

/** The control that puts a file into a slot: 上传… when empty, 重新上传… when it holds one. */
const slotButtonId = (slot: string) => `slot-${slot}-button`;

function focusSlotButton(slot: string) {
  const el = document.getElementById(slotButtonId(slot));
  el?.scrollIntoView({ block: 'center' });
  el?.focus();
}

const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** 附件上传: one PDF per slot (manual: 只能上传一个), view, replace after confirmation, delete. */
export function AttachmentsStepView({ step, application, saved, onChanged, onStale, onPrevious, onNext, focusSlot }: Props) {
  const { message } = App.useApp();
  const [missing, setMissing] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const absent = step.slots.filter((s) => s.required && !application.attachments.some((a) => a.slot === s.key));

  // Arriving from a link of the review's summary: mark the slot and put the focus on its button.
  useEffect(() => {
    if (!focusSlot) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- one-off on arrival
    setMissing((m) => (m.includes(focusSlot) ? m : [...m, focusSlot]));
    const timer = setTimeout(() => focusSlotButton(focusSlot));
    return () => clearTimeout(timer);
  }, [focusSlot]);

  /** 暂存 (and the first half of 下一步); true when saved. */
  const save = async (): Promise<boolean> => {
    setMissing(absent.map((s) => s.key));
    if (absent.length > 0) {
      setAttempt((n) => n + 1);
      return false;
    }
    setSaving(true);
    try {
      onChanged(await applicationsApi.saveStep(application.id, step.key, application.version, {}));
      void message.success('“附件上传”已暂存');
      return true;
    } catch (error) {
      if (isApiError(error, 'DRAFT_VERSION_CONFLICT')) onStale();
      else void message.error(error instanceof Error ? error.message : '暂存失败，请重试');
      return false;
    } finally {
      setSaving(false);
    }
  };

  const next = async () => {
    if (saved && absent.length === 0) return onNext();
    if (await save()) onNext();
  };
  const missingSlots = step.slots.filter((s) => missing.includes(s.key) && absent.includes(s));

  return (
    <div>
      {step.notice ? (
        <Alert type="warning" showIcon title={step.notice.title} description={step.notice.text} style={{ marginBottom: 16 }} />
      ) : null}
      {missingSlots.length > 0 ? (
        <ErrorSummary
          title="请上传以下附件"
          attempt={attempt}
          links={missingSlots.map((s) => ({ key: s.key, message: `请上传${s.title}`, href: `#${slotButtonId(s.key)}`, onSelect: () => focusSlotButton(s.key) }))}
        />
      ) : null}
      <Typography.Paragraph type="secondary">{uploadRulesText(publicConfig.uploadMaxMb)}</Typography.Paragraph>
      <div className="slots">
        {step.slots.map((slot) => (
          <SlotRow
            key={slot.key}
            slot={slot}
            application={application}
            missing={missing.includes(slot.key)}
            onChanged={(next) => {
              setMissing((m) => m.filter((k) => k !== slot.key));
              onChanged(next);
            }}
          />
        ))}
      </div>
      <Space wrap style={{ marginTop: 16 }}>
        <Button onClick={onPrevious}>上一步</Button>
        <Button onClick={() => void save()} loading={saving}>
          暂存
        </Button>
        <Button type="primary" onClick={() => void next()}>
          下一步
        </Button>
      </Space>
    </div>
  );
}

function SlotRow({ slot, application, missing, onChanged }: { slot: AttachmentSlot; application: ApplicationView; missing: boolean; onChanged(a: ApplicationView): void }) {
  const { message, modal } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const current = application.attachments.find((a) => a.slot === slot.key);
  const form = generatedFormFor(application.item, slot.key);
  const editable = isReopened(application, { slot: slot.key });
  const inputId = `slot-${slot.key}`;

  const upload = async (file: File) => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await applicationsApi.upload(application.id, slot.key, file));
      void message.success(`${slot.title}已上传`);
    } catch (e) {
      setError(e instanceof Error ? e.message : '上传失败，请重试');
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const choose = () => {
    if (!current) return input.current?.click();
    modal.confirm({
      title: `替换已上传的${slot.title}？`,
      content: `每个附件栏只能上传一个文件。选择新文件后，已上传的“${current.originalName}”将被替换。`,
      okText: '选择新文件',
      cancelText: '取消',
      onOk: () => input.current?.click(),
    });
  };

  return (
    <section className={`slot${missing || error ? ' slot-error' : ''}`} aria-labelledby={`${inputId}-title`}>
      <div className="slot-head">
        <Typography.Title level={3} id={`${inputId}-title`} className="slot-title">
          <span className="req" aria-hidden="true">
            *
          </span>
          {slot.title}
        </Typography.Title>
        <span className="slot-hint">{slot.hint}</span>
        {form ? (
          <a className="slot-form" href={applicationsApi.generatedFormUrl(application.id, slot.key)} download>
            下载系统生成的《{form.title}》（已按填报内容预填，打印后签字盖章再扫描上传）
          </a>
        ) : null}
      </div>
      <input
        ref={input}
        id={inputId}
        type="file"
        accept="application/pdf,.pdf"
        className="visually-hidden"
        aria-label={`选择${slot.title}文件`}
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void upload(file);
        }}
      />
      <Spin spinning={busy} description="正在上传并检查文件…">
        {current ? (
          <div className="slot-file">
            <a href={applicationsApi.attachmentUrl(application.id, slot.key)} target="_blank" rel="noopener noreferrer">
              {current.originalName}
            </a>
            <span className="slot-meta">
              {current.pages} 页 · {formatSize(current.size)}
            </span>
            <Space style={editable ? undefined : { display: 'none' }}>
              <Button size="small" id={slotButtonId(slot.key)} onClick={choose} aria-label={`重新上传${slot.title}`}>
                重新上传
              </Button>
              <Popconfirm
                title={`删除${slot.title}？`}
                okText="删除"
                cancelText="取消"
                onConfirm={async () => {
                  try {
                    onChanged(await applicationsApi.removeAttachment(application.id, slot.key));
                  } catch (e) {
                    void message.error(e instanceof Error ? e.message : '删除失败');
                  }
                }}
              >
                <Button size="small" danger aria-label={`删除${slot.title}`}>
                  删除
                </Button>
              </Popconfirm>
            </Space>
          </div>
        ) : (
          <Button id={slotButtonId(slot.key)} onClick={choose} disabled={!editable} aria-describedby={missing ? `${inputId}-error` : undefined}>
            上传{slot.title}
          </Button>
        )}
      </Spin>
      {editable && dossierOffered(application.item, slot.key) ? <DossierBuilder application={application} slot={slot.key} slotTitle={slot.title} onChanged={onChanged} /> : null}
      {missing ? (
        <div className="field-error" id={`${inputId}-error`}>
          请上传{slot.title}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </section>
  );
}

/** Whether the slot offers 在线整合材料 (其他附件 of the enterprise items). */
function dossierOffered(itemCode: string, slot: string) {
  const item = findItem(itemCode);
  return item ? hasDossier(item, slot) : false;
}

/** The form the system writes for this slot of the item, if any (申请表, 承诺书 …). */
function generatedFormFor(itemCode: string, slot: string) {
  const item = findItem(itemCode);
  return item ? generatedForms(item).find((f) => f.slot === slot) : undefined;
}
