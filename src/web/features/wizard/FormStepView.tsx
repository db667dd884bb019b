import { Alert, App, Button, Form, Space, type FormInstance } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { FormStepDefinition, StepValues } from '../../../domain/forms/index.ts';
import { APPLICATION_TYPE_FIELD, advisorOf, prefillStep, type BasicInfo, type ItemDefinition, type Prefill } from '../../../domain/items/index.ts';
import type { RegisterOffers } from '../../api/register.ts';
import { isApiError } from '../../api/client.ts';
import { editableFields } from './reopened.ts';
import { applicationsApi, type ApplicationView } from '../../api/applications.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { FieldItem } from './FieldInput.tsx';
import { isEmptyValue, summaryTitle, toProblems, type Problem } from './problems.ts';

interface Props {
  item: ItemDefinition;
  /** The logged-in account's identity profile (prefill source). */
  profile: Record<string, string>;
  /** Its 完善基本信息 (prefill source, wins over an unlocked claim). */
  basicInfo?: BasicInfo;
  step: FormStepDefinition;
  application: ApplicationView | null;
  prefill: Prefill;
  /** The register's say on 申请内容 (which types are open, what they offer, values it supplies). */
  register?: RegisterOffers | null;
  saved: boolean;
  /** During 补正, a step the staff did not reopen is shown but cannot change. */
  readOnly?: boolean;
  onSaved(application: ApplicationView): void;
  /** What was typed and not saved yet (kept by the wizard across steps); undefined once saved. */
  draft?: StepValues;
  onDraft(values: StepValues | undefined): void;
  onStale(): void;
  onPrevious?: () => void;
  onNext(): void;
  /** A field to focus on arrival (a link of the review's error summary). */
  focus?: (string | number)[];
}

/** Server field paths ('certificates.0.certificateNumber') as antd name paths. */
const namePath = (path: string) => path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** antd's id of a field's control (no form name): the name path joined by '_'. */
export const fieldId = (name: readonly (string | number)[]) => name.join('_');

/** Scroll to a field and focus its control; radio groups and lists get their first focusable control. */
export function focusField(form: FormInstance, name: (string | number)[]) {
  form.scrollToField(name, { block: 'center', focus: true });
  const el = document.getElementById(fieldId(name));
  if (!el || el === document.activeElement || el.contains(document.activeElement)) return;
  const control = el.matches('input, textarea, button') ? el : el.querySelector<HTMLElement>('input:not([disabled]), textarea, button:not([disabled]), [tabindex="0"]');
  control?.focus();
}

/**
 * One form step: fields from the definition. 暂存 validates then saves; 下一步 does the same and moves
 * on. Both stay enabled: a refusal is an error summary at the top, focused, linking to each field.
 */
export function FormStepView({ item, profile, basicInfo, step, application, prefill, register, saved, readOnly = false, onSaved, draft, onDraft, onStale, onPrevious, onNext, focus }: Props) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const values = (Form.useWatch([], { form, preserve: true }) ?? {}) as StepValues;
  const stored = application?.data[step.key];
  // Any step may carry identity fields (e.g. 企业名称 in 申请内容); the server forces the locked ones.
  const stepPrefill = step === item.steps[0] ? prefill : prefillStep(step, profile, basicInfo);
  const initial = { ...stepPrefill.values, ...stored, ...draft };
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

  // Arriving from a link of the review's summary: show that field's message and put the cursor there.
  useEffect(() => {
    if (!focus) return;
    const timer = setTimeout(() => {
      form.validateFields([focus]).catch(() => undefined);
      focusField(form, focus);
    });
    return () => clearTimeout(timer);
  }, [form, focus]);

  const refuse = (next: Problem[]) => {
    setProblems(next);
    setAttempt((n) => n + 1);
  };

  /** 暂存 (and the first half of 下一步): validate, save; true when saved. */
  const save = async (): Promise<boolean> => {
    try {
      await form.validateFields();
    } catch (error) {
      const fields = (error as { errorFields?: { name: (string | number)[]; errors: string[] }[] }).errorFields ?? [];
      refuse(
        fields
          .filter((f) => f.errors.length > 0)
          .map((f) => ({ key: fieldId(f.name), message: f.errors[0]!, kind: isEmptyValue(form.getFieldValue(f.name)) ? 'missing' : 'invalid', target: { step: step.key, field: f.name } })),
      );
      return false;
    }
    setProblems([]);
    setSaving(true);
    try {
      const data = form.getFieldsValue() as Record<string, unknown>;
      const next = application
        ? await applicationsApi.saveStep(application.id, step.key, application.version, data)
        : await applicationsApi.create(item.code, data);
      onSaved(next);
      void message.success(`“${step.title}”已暂存`);
      return true;
    } catch (error) {
      if (isApiError(error, 'DRAFT_VERSION_CONFLICT')) {
        onStale();
      } else if (isApiError(error, 'STEP_INVALID')) {
        form.setFields(error.fieldErrors.map((e) => ({ name: namePath(e.path), errors: [e.message] })));
        refuse(toProblems(item, error.fieldErrors, { [step.key]: form.getFieldsValue() as Record<string, unknown> }, step.key));
      } else {
        void message.error(error instanceof Error ? error.message : '暂存失败，请重试');
      }
      return false;
    } finally {
      setSaving(false);
    }
  };

  const next = async () => {
    if (readOnly || (saved && !draft)) return onNext();
    if (await save()) onNext();
  };

  return (
    <>
      {step.notice ? <Alert type="info" showIcon title={step.notice.title} description={step.notice.text} style={{ marginBottom: 16 }} /> : null}
      {problems.length > 0 ? (
        <ErrorSummary
          title={summaryTitle(problems.map((p) => p.kind))}
          description="本步骤尚未暂存，已填写的内容仍保留在页面上。"
          attempt={attempt}
          links={problems.map((p) => ({ key: p.key, message: p.message, href: `#${fieldId(p.target.field ?? [])}`, onSelect: () => focusField(form, p.target.field ?? []) }))}
        />
      ) : null}
      <Form
        form={form}
        layout="horizontal"
        labelCol={{ sm: { span: 6 } }}
        wrapperCol={{ sm: { span: 14 } }}
        labelWrap
        initialValues={initial}
        aria-label={step.title}
        onValuesChange={() => onDraft(form.getFieldsValue() as StepValues)}
        disabled={readOnly}
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
            help={
              field.name === APPLICATION_TYPE_FIELD && !readOnly && advisorOf(item) ? (
                <span>
                  不知道选哪个？
                  <Link className="inline-link" to={`/items/${item.code}/choose`}>
                    回答两个问题，帮您选择申请内容
                  </Link>
                </span>
              ) : undefined
            }
            frozen={editable !== 'all' && !editable.has(field.name)}
            name={[field.name]}
          />
        ))}
        <Form.Item wrapperCol={{ sm: { offset: 6, span: 14 } }}>
          <Space wrap>
            {onPrevious ? <Button onClick={onPrevious}>上一步</Button> : null}
            {readOnly ? null : (
              <Button onClick={() => void save()} loading={saving}>
                暂存
              </Button>
            )}
            <Button type="primary" onClick={() => void next()}>
              下一步
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </>
  );
}
