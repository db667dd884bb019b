import { Alert, Button, Form, Input, Result, Select, Spin, Steps } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation, useParams } from 'react-router';
import { validateField } from '../../domain/forms/validate-field.ts';
import { GROUP, findItem, type FieldDefinition, type Prefill } from '../../domain/items/index.ts';
import { ApiError, api, loginUrl } from '../api/client.ts';
import { PageFrame } from '../app/Layout.tsx';
import { useSession } from '../app/session.tsx';
import { ButtonLink } from '../components/ButtonLink.tsx';
import { ItemNotFound } from './GuidePage.tsx';

type StartState = { kind: 'loading' } | { kind: 'ready'; prefill: Prefill } | { kind: 'refused'; message: string } | { kind: 'error'; message: string };

/** 网上办理 entry (/items/:code/apply): login required, step 1 prefilled from the identity. */
export function ApplyPage() {
  const item = findItem(useParams().code ?? '');
  const location = useLocation();
  const { account, loading, logout } = useSession();
  const [state, setState] = useState<StartState>({ kind: 'loading' });
  const [form] = Form.useForm();
  const [incomplete, setIncomplete] = useState(false);
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    if (!item || loading) return;
    if (!account) {
      window.location.assign(loginUrl(`${location.pathname}${location.search}`));
      return;
    }
    api<{ prefill: Prefill }>('GET', `/api/items/${item.code}/start`).then(
      (r) => {
        setState({ kind: 'ready', prefill: r.prefill });
        form.setFieldsValue(r.prefill.values);
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 401) window.location.assign(loginUrl(location.pathname));
        else if (e instanceof ApiError && e.code === 'WRONG_APPLICANT_KIND') setState({ kind: 'refused', message: e.message });
        else setState({ kind: 'error', message: e instanceof Error ? e.message : '加载失败' });
      },
    );
  }, [item, account, loading, location.pathname, location.search, form]);

  if (!item) return <ItemNotFound />;
  const step = item.steps[0]!;
  const crumbs = [{ title: GROUP, to: '/' }, { title: item.title }];

  if (state.kind === 'loading') {
    return (
      <PageFrame crumbs={crumbs} title={item.title}>
        <div className="panel" aria-busy="true">
          <Spin /> <span>正在加载…</span>
        </div>
      </PageFrame>
    );
  }
  if (state.kind === 'refused' || state.kind === 'error') {
    return (
      <PageFrame crumbs={crumbs} title={item.title}>
        <div className="panel">
          <Result
            status={state.kind === 'refused' ? 'warning' : 'error'}
            title={state.kind === 'refused' ? '当前账号不能办理此事项' : '加载失败'}
            subTitle={state.message}
            extra={[
              <Button key="switch" type="primary" onClick={() => void logout(loginUrl(location.pathname))}>
                退出并切换账号
              </Button>,
              <ButtonLink key="home" to="/">
                返回首页
              </ButtonLink>,
            ]}
          />
        </div>
      </PageFrame>
    );
  }

  const locked = new Set(state.prefill.locked);
  const rule = (field: FieldDefinition) => ({
    validator: (_: unknown, value: unknown) => {
      const message = validateField(field, value, form.getFieldsValue());
      return message ? Promise.reject(new Error(message)) : Promise.resolve();
    },
  });

  return (
    <PageFrame crumbs={crumbs} title={item.title}>
      <div className="panel">
        <Steps
          current={0}
          size="small"
          style={{ marginBottom: 24 }}
          items={[{ title: step.title }, { title: '申请内容' }, { title: '附件上传' }, { title: '提交' }]}
        />
        {incomplete ? <Alert type="error" showIcon title="请完整填写必填项" style={{ marginBottom: 16 }} role="alert" /> : null}
        {checked ? (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            title={`${step.title}信息已填写完整`}
            description="申请内容、附件上传、暂存和提交功能即将开放。"
          />
        ) : null}
        <Form
          form={form}
          layout="horizontal"
          labelCol={{ sm: { span: 6 } }}
          wrapperCol={{ sm: { span: 14 } }}
          aria-label={step.title}
          onFinish={() => {
            setIncomplete(false);
            setChecked(true);
          }}
          onFinishFailed={() => {
            setChecked(false);
            setIncomplete(true);
          }}
        >
          {step.fields.map((field) => (
            <Form.Item
              key={field.name}
              name={field.name}
              label={field.label}
              required={field.required}
              rules={[rule(field)]}
              validateTrigger="onBlur"
              extra={locked.has(field.name) ? '由统一身份认证带出，不可修改' : undefined}
            >
              {field.kind === 'select' ? (
                <Select
                  placeholder={`请选择${field.label}`}
                  disabled={locked.has(field.name)}
                  options={(field.options ?? []).map((o) => ({ label: o, value: o }))}
                />
              ) : (
                <Input
                  placeholder={`请输入${field.label}`}
                  readOnly={locked.has(field.name)}
                  variant={locked.has(field.name) ? 'filled' : 'outlined'}
                  maxLength={field.maxLength}
                  autoComplete="off"
                />
              )}
            </Form.Item>
          ))}
          <Form.Item wrapperCol={{ sm: { offset: 6, span: 14 } }}>
            <Button type="primary" htmlType="submit">
              下一步
            </Button>
          </Form.Item>
        </Form>
      </div>
    </PageFrame>
  );
}
