import { App, Button, Form, Input, Modal, Popconfirm, Result, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { Suspense, useState, type ReactNode } from 'react';
import { Await, useLoaderData } from 'react-router';
import { maxLengthOf } from '../../../contract/common.ts';
import { OpinionTemplateInputSchema, TEMPLATE_ROLES, type OpinionTemplateInput, type OpinionTemplateList } from '../../../contract/staff.ts';
import { STAFF_ROLES } from '../../../domain/roles.ts';
import { staffApi, type OpinionTemplate } from '../../api/staff.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useReload } from '../../app/loaders.ts';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import type { templatesLoader } from './templates.loader.ts';

/**
 * 常用意见 (一次性告知 templates): the 负责人 keeps, per role, the standard wording of 补正 requests
 * and refusal opinions; staff of that role insert one into the opinion they write on a case.
 */
export function TemplatesPage() {
  const data = useLoaderData<typeof templatesLoader>();
  const frame = (children: ReactNode) => (
    <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '常用意见' }]} title="常用意见（一次性告知用语）">
      {children}
    </PageFrame>
  );
  if (!data.allowed) {
    return frame(
      <div className="panel">
        <Result status="403" title="无权访问" subTitle="常用意见由负责人维护。" />
      </div>,
    );
  }
  return frame(
    <Suspense fallback={<Templates list={null} />}>
      <Await resolve={data.list} errorElement={<Templates list={null} error={<AsyncErrorAlert className="block-gap" />} />}>
        {(list: OpinionTemplateList) => <Templates list={list} />}
      </Await>
    </Suspense>,
  );
}

type Editing = { id: string | null; values: OpinionTemplateInput };

function Templates({ list, error }: { list: OpinionTemplateList | null; error?: ReactNode }) {
  const { message } = App.useApp();
  const reload = useReload();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<OpinionTemplateInput>();

  const save = async (values: OpinionTemplateInput) => {
    if (!editing) return;
    setBusy(true);
    try {
      if (editing.id) await staffApi.updateTemplate(editing.id, values);
      else await staffApi.createTemplate(values);
      void message.success(editing.id ? '已修改' : '已新增');
      setEditing(null);
      void reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : '保存失败');
    } finally {
      setBusy(false);
    }
  };
  const remove = async (t: OpinionTemplate) => {
    try {
      await staffApi.deleteTemplate(t.id);
      void message.success(`已删除“${t.title}”`);
      void reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : '删除失败');
    }
  };
  const open = (e: Editing) => setEditing(e);

  return (
    <section className="panel" aria-label="常用意见列表">
      {error}
      <p className="muted">按岗位维护补正告知、不予受理、审查意见等常用表述；各岗位在办理案件填写意见时可直接插入，再按个案修改。</p>
      <Button type="primary" style={{ marginBottom: 12 }} onClick={() => open({ id: null, values: { role: 'acceptor', title: '', body: '' } })}>
        新增常用意见
      </Button>
      <Table<OpinionTemplate>
        rowKey="id"
        loading={list === null}
        dataSource={list?.templates ?? []}
        pagination={false}
        locale={{ emptyText: '暂无常用意见' }}
        columns={[
          { title: '岗位', dataIndex: 'role', width: 100, render: (r: OpinionTemplate['role']) => <Tag>{STAFF_ROLES[r]}</Tag> },
          { title: '名称', dataIndex: 'title', width: 200 },
          { title: '内容', dataIndex: 'body', render: (b: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{b}</span> },
          { title: '最后修改', dataIndex: 'updatedAt', width: 170, render: (v: string, t) => `${dayjs(v).format('YYYY-MM-DD HH:mm')} ${t.updatedBy ?? '系统预置'}` },
          {
            title: '操作',
            key: 'ops',
            width: 130,
            render: (_: unknown, t) => (
              <Space>
                <Button size="small" onClick={() => open({ id: t.id, values: { role: t.role, title: t.title, body: t.body } })} aria-label={`修改 ${t.title}`}>
                  修改
                </Button>
                <Popconfirm title={`删除“${t.title}”？`} okText="删除" cancelText="取消" onConfirm={() => void remove(t)}>
                  <Button size="small" danger aria-label={`删除 ${t.title}`}>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing?.id ? '修改常用意见' : '新增常用意见'}
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={editing?.values} onFinish={(v) => void save(v)} aria-label="常用意见">
          <Form.Item name="role" label="适用岗位" rules={[{ required: true, message: '请选择岗位' }]}>
            <Select options={TEMPLATE_ROLES.map((r) => ({ value: r, label: STAFF_ROLES[r] }))} />
          </Form.Item>
          <Form.Item name="title" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
            <Input maxLength={maxLengthOf(OpinionTemplateInputSchema.shape.title)} />
          </Form.Item>
          <Form.Item name="body" label="内容（告知申请人的表述）" rules={[{ required: true, whitespace: true, message: '请填写内容' }]}>
            <Input.TextArea rows={5} maxLength={maxLengthOf(OpinionTemplateInputSchema.shape.body)} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </section>
  );
}
