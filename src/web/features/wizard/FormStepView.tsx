import { Alert, App, Button, Form, Space } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { FormStepDefinition, StepValues } from '../../../domain/forms/index.ts';
import { APPLICATION_TYPE_FIELD, prefillStep, type ItemDefinition, type Prefill } from '../../../domain/items/index.ts';
import type { RegisterOffers } from '../../api/register.ts';
import { ApiError } from '../../api/client.ts';
import { editableFields } from '../../api/applications.ts';
import { applicationsApi, type ApplicationView } from '../../api/applications.ts';
import { FieldItem } from './FieldInput.tsx';

interface Props {
  item: ItemDefinition;
  /** The logged-in account's identity profile (prefill source). */
  profile: Record<string, string>;
  step: FormStepDefinition;
  application: ApplicationView | null;
  prefill: Prefill;
  /** The register's say on 申请内容 (which types are open, what they offer, values it supplies). */
  register?: RegisterOffers | null;
  saved: boolean;
  /** During 补正, a step the staff did not reopen is shown but cannot change. */
  readOnly?: boolean;
  onSaved(application: ApplicationView): void;
  onDirty(dirty: boolean): void;
  onStale(): void;
  onPrevious?: () => void;
  onNext(): void;
  dirty: boolean;
}

/** Server field paths ('certificates.0.certificateNumber') as antd name paths. */
const namePath = (path: string) => path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** One form step: fields from the definition, 暂存 validates then saves, 下一步 once saved. */
export function FormStepView({ item, profile, step, application, prefill, register, saved, readOnly = false, onSaved, onDirty, onStale, onPrevious, onNext, dirty }: Props) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [incomplete, setIncomplete] = useState(false);
  const [saving, setSaving] = useState(false);
  const values = (Form.useWatch([], { form, preserve: true }) ?? {}) as StepValues;
  const stored = application?.data[step.key];
  // Any step may carry identity fields (e.g. 企业名称 in 申请内容); the server forces the locked ones.
  const stepPrefill = step === item.steps[0] ? prefill : prefillStep(step, profile);
  const initial = { ...stepPrefill.values, ...stored };
  const locked = new Set(stepPrefill.locked);
  const editable = editableFields(application, step.key);
  // 申请内容: the chosen type's offer; the values the register supplies are set and locked.
  const typeValue = typeof values[APPLICATION_TYPE_FIELD] === 'string' ? (values[APPLICATION_TYPE_FIELD] as string) : undefined;
  const hasTypeField = step.fields.some((f) => f.name === APPLICATION_TYPE_FIELD);
  const offer = hasTypeField && typeValue ? register?.types[typeValue] : undefined;
  const registerLocked = useMemo(() => (offer?.available ? offer.locked : {}), [offer]);
  useEffect(() => {
    const fields = Object.entries(registerLocked).filter(([name]) => step.fields.some((f) => f.name === name));
    if (fields.length === 0) return;
    const current = form.getFieldsValue(fields.map(([name]) => name)) as Record<string, unknown>;
    if (fields.some(([name, value]) => JSON.stringify(current[name]) !== JSON.stringify(value))) form.setFieldsValue(Object.fromEntries(fields));
  }, [form, registerLocked, step.fields]);

  const save = async () => {
    try {
      await form.validateFields();
    } catch {
      setIncomplete(true);
      return;
    }
    setIncomplete(false);
    setSaving(true);
    try {
      const data = form.getFieldsValue() as Record<string, unknown>;
      const next = application
        ? await applicationsApi.saveStep(application.id, step.key, application.version, data)
        : await applicationsApi.create(item.code, data);
      onSaved(next);
      void message.success(`“${step.title}”已暂存`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'DRAFT_VERSION_CONFLICT') {
        onStale();
      } else if (error instanceof ApiError && error.fieldErrors.length > 0 && error.status === 400) {
        setIncomplete(true);
        form.setFields(error.fieldErrors.map((e) => ({ name: namePath(e.path), errors: [e.message] })));
      } else {
        void message.error(error instanceof Error ? error.message : '暂存失败，请重试');
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      {step.notice ? <Alert type="info" showIcon title={step.notice.title} description={step.notice.text} style={{ marginBottom: 16 }} /> : null}
      {incomplete ? (
        <Alert type="error" showIcon role="alert" title="请完整填写必填项" description="请按页面中标红的提示修改后再暂存。" style={{ marginBottom: 16 }} />
      ) : null}
      <Form
        form={form}
        layout="horizontal"
        labelCol={{ sm: { span: 6 } }}
        wrapperCol={{ sm: { span: 14 } }}
        labelWrap
        initialValues={initial}
        aria-label={step.title}
        onValuesChange={() => onDirty(true)}
        disabled={readOnly}
        scrollToFirstError
      >
        {step.fields.map((field) => (
          <FieldItem
            key={field.name}
            field={field}
            siblings={values}
            form={form}
            locked={locked.has(field.name) || Object.hasOwn(registerLocked, field.name)}
            lockedBy={Object.hasOwn(registerLocked, field.name) ? 'register' : 'identity'}
            typeOffers={hasTypeField ? register?.types : undefined}
            qualificationChoices={offer?.available ? offer.qualifications : undefined}
            frozen={editable !== 'all' && !editable.has(field.name)}
            name={[field.name]}
          />
        ))}
        <Form.Item wrapperCol={{ sm: { offset: 6, span: 14 } }}>
          <Space wrap>
            {onPrevious ? <Button onClick={onPrevious}>上一步</Button> : null}
            {readOnly ? null : (
              <Button type="primary" onClick={() => void save()} loading={saving}>
                暂存
              </Button>
            )}
            <Button onClick={onNext} disabled={!saved || dirty} title={!saved || dirty ? '请先暂存本步骤' : undefined}>
              下一步
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </>
  );
}
