import { Alert, Button, Input, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { adminApi, type AuditEntry } from '../../api/admin.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { useRequireLogin } from '../../app/session.tsx';

/** 审计日志: read-only, newest first, for the audit administrator. */
export function AuditLogPage() {
  const { account } = useRequireLogin();
  const [action, setAction] = useState('');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string>();
  const [before, setBefore] = useState<string>();

  useEffect(() => {
    if (!account) return;
    adminApi.audit({ action, before }).then(
      (r) => setEntries(r.entries),
      (e: ApiError) => setError(e.message),
    );
  }, [action, before, account]);

  return (
    <PageFrame crumbs={[{ title: '系统管理' }, { title: '审计日志' }]} title="审计日志">
      <div className="panel">
        {error ? <Alert type="error" title={error} style={{ marginBottom: 12 }} /> : null}
        <div className="filters">
          <Input.Search
            placeholder="按操作类型筛选，如 case. / admin. / auth."
            aria-label="按操作类型筛选"
            allowClear
            onSearch={(v) => {
              setBefore(undefined);
              setAction(v.trim());
            }}
            style={{ maxWidth: 360 }}
          />
        </div>
        <Table<AuditEntry>
          rowKey="id"
          loading={entries === null && !error}
          dataSource={entries ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: '时间', dataIndex: 'at', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
            { title: '操作', dataIndex: 'action' },
            { title: '结果', dataIndex: 'outcome', render: (o: string) => <Tag color={o === 'success' ? 'green' : 'red'}>{o === 'success' ? '成功' : '失败'}</Tag> },
            { title: '操作人', key: 'actor', render: (_, e) => e.actorName ?? e.actorLabel ?? '—' },
            { title: '对象', key: 'object', render: (_, e) => (e.objectType ? `${e.objectType} ${e.objectId ?? ''}` : '—') },
            { title: '来源地址', dataIndex: 'clientIp' },
          ]}
        />
        {entries && entries.length > 0 ? (
          <Button style={{ marginTop: 12 }} onClick={() => setBefore(entries.at(-1)!.id)}>
            更早的记录
          </Button>
        ) : null}
      </div>
    </PageFrame>
  );
}
