import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { Suspense, useState } from 'react';
import { Await, useLoaderData } from 'react-router';
import { STAFF_ROLES, isStaffRole, roleSetProblem, type StaffRole } from '../../../domain/roles.ts';
import { isApiError } from '../../api/client.ts';
import { CreateStaffInputSchema } from '../../../contract/admin.ts';
import { maxLengthOf } from '../../../contract/common.ts';
import { adminApi, type CreateStaffInput, type StaffAccount } from '../../api/admin.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useReload } from '../../app/loaders.ts';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import type { staffAccountsLoader } from './admin.loaders.ts';

/** The server's limits on a new account, from the API contract. */
const MAX = {
  username: maxLengthOf(CreateStaffInputSchema.shape.username),
  name: maxLengthOf(CreateStaffInputSchema.shape.name),
  mobile: maxLengthOf(CreateStaffInputSchema.shape.mobile),
  password: maxLengthOf(CreateStaffInputSchema.shape.password),
};

const roleOptions = (Object.keys(STAFF_ROLES) as StaffRole[]).map((r) => ({ value: r, label: STAFF_ROLES[r] }));

/** 工作人员账号: the system administrator creates and disables, the security administrator grants roles. */
export function StaffAccountsPage() {
  const { roles: mine, rows } = useLoaderData<typeof staffAccountsLoader>();
  const { message } = App.useApp();
  const reload = useReload();
  const isSys = mine.includes('sysadmin');
  const isSec = mine.includes('secadmin');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<StaffAccount | null>(null);
  const [roles, setRoles] = useState<string[]>([]);
  const [form] = Form.useForm<CreateStaffInput>();

  const fail = (e: unknown) => void message.error(e instanceof Error ? e.message : '操作失败');
  const roleProblem = roleSetProblem(roles);
  // The accounts (null while loading).
  const table = (list: StaffAccount[] | null) => (
    <Table<StaffAccount>
      rowKey="id"
      loading={list === null}
      dataSource={list ?? []}
      pagination={false}
      scroll={{ x: 760 }}
      columns={[
        { title: '用户名', dataIndex: 'username' },
        { title: '姓名', dataIndex: 'name' },
        { title: '手机', dataIndex: 'mobile' },
        {
          title: '岗位',
          dataIndex: 'roles',
          render: (rs: string[]) => (rs.length ? rs.map((r) => <Tag key={r}>{isStaffRole(r) ? STAFF_ROLES[r] : r}</Tag>) : <span className="muted">未分配</span>),
        },
        { title: '状态', dataIndex: 'disabled', render: (d: boolean) => (d ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>) },
        { title: '动态口令', dataIndex: 'totpEnrolled', render: (e: boolean) => (e ? '已绑定' : <span className="muted">未绑定</span>) },
        {
          title: '操作',
          key: 'ops',
          render: (_, r) => (
            <Space>
              {isSec ? (
                <Button
                  size="small"
                  onClick={() => {
                    setEditing(r);
                    setRoles(r.roles);
                  }}
                >
                  分配岗位
                </Button>
              ) : null}
              {isSys && r.totpEnrolled ? (
                <Button size="small" onClick={() => adminApi.resetTotp(r.id).then(() => void message.success('已重置，该人员下次登录时重新绑定动态口令'), fail).then(reload)}>
                  重置动态口令
                </Button>
              ) : null}
              {isSys ? (
                <Button size="small" danger={!r.disabled} onClick={() => adminApi.setDisabled(r.id, !r.disabled).then(reload, fail)}>
                  {r.disabled ? '启用' : '停用'}
                </Button>
              ) : null}
            </Space>
          ),
        },
      ]}
    />
  );

  return (
    <PageFrame crumbs={[{ title: '系统管理' }, { title: '工作人员账号' }]} title="工作人员账号">
      <div className="panel">
        <Suspense fallback={null}>
          <Await resolve={rows} errorElement={<AsyncErrorAlert style={{ marginBottom: 12 }} />}>
            {() => null}
          </Await>
        </Suspense>
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title="三员分立：系统管理员新建和停用账号，安全管理员分配岗位，审计管理员查阅审计日志；任何人不能修改本人账号。"
        />
        {isSys ? (
          <Button type="primary" onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>
            新建工作人员账号
          </Button>
        ) : null}
        <Suspense fallback={table(null)}>
          <Await resolve={rows} errorElement={table([])}>
            {(list: StaffAccount[]) => table(list)}
          </Await>
        </Suspense>
      </div>
      <Modal
        open={creating}
        title="新建工作人员账号"
        okText="创建"
        cancelText="取消"
        onCancel={() => setCreating(false)}
        onOk={() =>
          form.validateFields().then((v) =>
            adminApi.create(v).then(
              () => {
                setCreating(false);
                form.resetFields();
                void message.success('账号已创建，请由安全管理员分配岗位');
                reload();
              },
              (e: unknown) =>
                isApiError(e, 'STAFF_ACCOUNT_INVALID') ? form.setFields(e.fieldErrors.map((f) => ({ name: f.path as keyof CreateStaffInput, errors: [f.message] }))) : fail(e),
            ),
          )
        }
      >
        <Form<CreateStaffInput> form={form} layout="vertical">
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoComplete="off" maxLength={MAX.username} />
          </Form.Item>
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
            <Input maxLength={MAX.name} />
          </Form.Item>
          <Form.Item name="mobile" label="手机" rules={[{ required: true, message: '请输入手机' }]}>
            <Input maxLength={MAX.mobile} />
          </Form.Item>
          <Form.Item name="password" label="初始密码" rules={[{ required: true, message: '请输入初始密码' }]} extra="8至64位，包含大写字母、小写字母、数字、特殊字符中的至少三类">
            <Input.Password autoComplete="new-password" maxLength={MAX.password} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={editing !== null}
        title={`分配岗位：${editing?.name ?? ''}`}
        okText="保存"
        cancelText="取消"
        okButtonProps={{ disabled: Boolean(roleProblem) }}
        onCancel={() => setEditing(null)}
        onOk={() =>
          adminApi.setRoles(editing!.id, roles).then(() => {
            setEditing(null);
            void message.success('岗位已更新，该人员需重新登录');
            reload();
          }, fail)
        }
      >
        <Select mode="multiple" value={roles} onChange={setRoles} options={roleOptions} style={{ width: '100%' }} aria-label="岗位" />
        {roleProblem ? <Alert type="warning" title={roleProblem} style={{ marginTop: 12 }} /> : null}
      </Modal>
    </PageFrame>
  );
}
