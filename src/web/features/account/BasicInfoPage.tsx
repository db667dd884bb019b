import { Alert, App, Button, Descriptions, Form, Space, Spin } from 'antd';
import dayjs from 'dayjs';
import { Suspense, useState } from 'react';
import { Await, Link, useAsyncError, useLoaderData } from 'react-router';
import type { FormStepDefinition, StepValues } from '../../../domain/forms/index.ts';
import { basicInfoStep, prefillStep } from '../../../domain/items/index.ts';
import { accountApi, type BasicInfoView } from '../../api/account.ts';
import { isApiError } from '../../api/client.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useReload } from '../../app/loaders.ts';
import { errorMessage } from '../../app/RouteError.tsx';
import { useSession } from '../../app/session.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { FieldItem } from '../wizard/FieldInput.tsx';
import { fieldId, focusField } from '../wizard/FormStepView.tsx';
import { isEmptyValue, summaryTitle, type ProblemKind } from '../wizard/problems.ts';
import type { basicInfoLoader } from './basic-info.loader.ts';

interface Problem {
  key: string;
  message: string;
  kind: ProblemKind;
  field: string;
}

/**
 * 完善基本信息: what an applicant keeps once and every item's first step shows filled in (manual 3.1,
 * 已维护相关信息带出). The identity service's values are shown locked; the rest is the applicant's.
 */
export function BasicInfoPage() {
  const { account, view } = useLoaderData<typeof basicInfoLoader>();
  const step = basicInfoStep(account.kind);
  return (
    <PageFrame crumbs={[{ title: '完善基本信息' }]} title="完善基本信息">
      <div className="panel">
        {!step ? <Alert type="info" showIcon title="工作人员账号没有申报基本信息。" /> : null}
        {step && view ? (
          <Suspense fallback={<Spin />}>
            <Await resolve={view} errorElement={<BasicInfoUnavailable />}>
              {(v: BasicInfoView) => <BasicInfoForm step={step} profile={account.profile} view={v} />}
            </Await>
          </Suspense>
        ) : null}
      </div>
    </PageFrame>
  );
}

function BasicInfoUnavailable() {
  return <Alert type="error" showIcon title={errorMessage(useAsyncError(), '基本信息读取失败，请刷新重试')} />;
}

/** The applicant's part of the basic information, on top of the identity service's (`profile`). */
function BasicInfoForm({ step, profile, view }: { step: FormStepDefinition; profile: Record<string, string>; view: BasicInfoView }) {
  const { refresh } = useSession();
  const reload = useReload();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const values = (Form.useWatch([], { form, preserve: true }) ?? {}) as StepValues;

  const refuse = (next: Problem[]) => {
    setProblems(next);
    setAttempt((n) => n + 1);
  };

  const save = async () => {
    try {
      await form.validateFields();
    } catch (e) {
      const fields = (e as { errorFields?: { name: (string | number)[]; errors: string[] }[] }).errorFields ?? [];
      refuse(
        fields
          .filter((f) => f.errors.length > 0)
          .map((f) => ({ key: fieldId(f.name), message: f.errors[0]!, kind: isEmptyValue(form.getFieldValue(f.name)) ? 'missing' : 'invalid', field: String(f.name[0]) })),
      );
      return;
    }
    setProblems([]);
    setSaving(true);
    try {
      const raw = form.getFieldsValue() as Record<string, unknown>;
      await accountApi.saveBasicInfo(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v : ''])));
      // The wizard prefills from the session's copy; this page shows when it was saved.
      await Promise.all([refresh(), reload()]);
      void message.success('基本信息已保存，办理事项时将自动带出');
    } catch (e) {
      if (isApiError(e, 'BASIC_INFO_INVALID')) {
        form.setFields(e.fieldErrors.map((f) => ({ name: [f.path], errors: [f.message] })));
        refuse(e.fieldErrors.map((f) => ({ key: f.path, message: f.message, kind: 'invalid', field: f.path })));
      } else void message.error(e instanceof Error ? e.message : '保存失败，请重试');
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="在此维护的信息，办理各事项时将自动带出到申报表，带出后仍可在申报表中修改。"
        description="下方灰色部分由统一身份认证提供，如有变化请到统一身份认证平台修改，下次登录后自动更新。"
      />
      {view.identity.length > 0 ? (
        <Descriptions bordered size="small" column={1} title="统一身份认证信息" styles={{ label: { width: 160 } }} style={{ marginBottom: 24 }} items={view.identity.map((i) => ({ key: i.label, label: i.label, children: i.value }))} />
      ) : null}
      {problems.length > 0 ? (
        <ErrorSummary
          title={summaryTitle(problems.map((p) => p.kind))}
          description="基本信息尚未保存，已填写的内容仍保留在页面上。"
          attempt={attempt}
          links={problems.map((p) => ({ key: p.key, message: p.message, href: `#${fieldId([p.field])}`, onSelect: () => focusField(form, [p.field]) }))}
        />
      ) : null}
      <Form form={form} layout="horizontal" labelCol={{ sm: { span: 6 } }} wrapperCol={{ sm: { span: 14 } }} labelWrap initialValues={prefillStep(step, profile, view.values).values} aria-label="基本信息">
        {step.fields.map((field) => (
          <FieldItem key={field.name} field={field} siblings={values} form={form} locked={false} name={[field.name]} />
        ))}
        <Form.Item wrapperCol={{ sm: { offset: 6, span: 14 } }}>
          <Space wrap>
            <Button type="primary" onClick={() => void save()} loading={saving}>
              保存
            </Button>
            <Link to="/">返回首页办理事项</Link>
          </Space>
          {view.updatedAt ? <div className="muted" style={{ marginTop: 8 }}>最近保存：{dayjs(view.updatedAt).format('YYYY-MM-DD HH:mm')}</div> : null}
        </Form.Item>
      </Form>
    </>
  );
}
