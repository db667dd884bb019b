import { Alert, App, Button, Result, Table } from 'antd';
import { Suspense, useState } from 'react';
import { Await, useLoaderData } from 'react-router';
import { registerApi, type ExpiredCertificate } from '../../api/register.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useReload } from '../../app/loaders.ts';
import { useAsyncErrorMessage } from '../../app/RouteError.tsx';
import type { expiredCertificatesLoader } from './register.loaders.ts';

/** 依职权注销 (制证岗): certificates past their validity with no 延续 filed in time (行政许可法 Art. 70). */
export function ExpiredCertificatesPage() {
  const { rows } = useLoaderData<typeof expiredCertificatesLoader>();
  return (
    <Suspense fallback={<ExpiredCertificates rows={null} />}>
      <Await resolve={rows} errorElement={<Refused />}>
        {(list: ExpiredCertificate[]) => <ExpiredCertificates rows={list} />}
      </Await>
    </Suspense>
  );
}

function Refused() {
  return (
    <PageFrame crumbs={[{ title: '依职权注销' }]}>
      <div className="panel">
        <Result status="403" title="无权访问" subTitle={useAsyncErrorMessage()} />
      </div>
    </PageFrame>
  );
}

/** The certificates (null while loading), each with its 依职权注销 button. */
function ExpiredCertificates({ rows }: { rows: ExpiredCertificate[] | null }) {
  const { modal, message } = App.useApp();
  const reload = useReload();
  const [busy, setBusy] = useState<string>();

  const cancel = (row: ExpiredCertificate) =>
    modal.confirm({
      title: `依职权注销 ${row.number}？`,
      content: `${row.holderName}的${row.title}有效期已于${row.validUntil}届满且未延续。注销后将出具注销决定书并通知持证人，原证书失效。`,
      okText: '注销并出具决定书',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        setBusy(row.id);
        try {
          await registerApi.cancelExpired(row.id);
          void message.success(`已注销 ${row.number}，注销决定书已出具`);
          void reload();
        } catch (e) {
          void message.error(e instanceof Error ? e.message : '注销失败');
        } finally {
          setBusy(undefined);
        }
      },
    });

  return (
    <PageFrame crumbs={[{ title: '审批工作台', to: '/staff' }, { title: '依职权注销' }]} title="依职权注销">
      <div className="panel">
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="有效期届满未延续的证书"
          description="依据《中华人民共和国行政许可法》第七十条第（一）项，行政许可有效期届满未延续的，应当依法办理注销手续。已在有效期届满前申请延续、尚未作出决定的，视为准予延续，不列入本表。"
        />
        <Table<ExpiredCertificate>
          rowKey="id"
          loading={rows === null}
          dataSource={rows ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 860 }}
          // The table's own placeholder grey is below WCAG contrast; the muted text colour is not.
          locale={{ emptyText: <span className="muted">暂无有效期届满未延续的证书</span> }}
          columns={[
            { title: '持证人', dataIndex: 'holderName' },
            { title: '证书', key: 'title', render: (_, r) => <><div>{r.title}</div><div className="muted">{r.number}</div></> },
            { title: '有效期至', dataIndex: 'validUntil' },
            { title: '已过期', key: 'overdue', render: (_, r) => `${r.daysOverdue} 天` },
            {
              title: '操作',
              key: 'actions',
              render: (_, r) => (
                <Button danger size="small" loading={busy === r.id} onClick={() => cancel(r)}>
                  依职权注销
                </Button>
              ),
            },
          ]}
        />
      </div>
    </PageFrame>
  );
}
