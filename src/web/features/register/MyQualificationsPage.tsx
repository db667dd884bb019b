import { Alert, Button, Empty, Space, Table, Tag } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { Await, Link, useLoaderData } from 'react-router';
import { certificateDocumentUrl, type MyCertificate } from '../../api/register.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { AsyncErrorAlert } from '../../app/RouteError.tsx';
import type { myQualificationsLoader } from './register.loaders.ts';

const STANDING_COLOR: Record<MyCertificate['standing']['code'], string> = { valid: 'green', deemed: 'green', expired: 'red', void: 'default' };

/** 有效 with the days left, warning from the reminder window on; the other standings as they are. */
export function StandingTag({ c }: { c: MyCertificate }) {
  const { standing } = c;
  if (standing.code !== 'valid') return <Tag color={STANDING_COLOR[standing.code]}>{standing.label}</Tag>;
  const soon = standing.daysLeft <= 90;
  return (
    <Space size={4} wrap>
      <Tag color={soon ? 'orange' : 'green'}>有效</Tag>
      <span className={soon ? 'warn-text' : 'muted'}>剩余 {standing.daysLeft} 天</span>
    </Space>
  );
}

const canRenew = (c: MyCertificate) => c.standing.code === 'valid' && !c.standing.note;

/** The holder's certificates: what the register records, validity, and the way to 延续. */
export function CertificatesTable({ certificates, compact = false }: { certificates: MyCertificate[]; compact?: boolean }) {
  return (
    <Table<MyCertificate>
      rowKey="id"
      dataSource={certificates}
      pagination={false}
      scroll={{ x: compact ? 720 : 960 }}
      columns={[
        {
          title: '证书',
          key: 'title',
          render: (_, c) => (
            <>
              <div>{c.title}</div>
              <div className="muted">证书编号 {c.number}</div>
              {c.verificationCode && !compact ? (
                <div className="muted">
                  核验码 <a href={`/verify/${c.verificationCode}`}>{c.verificationCode}</a>
                </div>
              ) : null}
            </>
          ),
        },
        ...(compact
          ? []
          : [
              {
                title: '资质类别及等级 / 注册单位',
                key: 'scope',
                render: (_: unknown, c: MyCertificate) =>
                  c.holdings.length > 0 ? (
                    <ul className="plain-list">
                      {c.holdings.map((h) => (
                        <li key={h.code}>{h.name}</li>
                      ))}
                    </ul>
                  ) : (
                    c.employer ?? '—'
                  ),
              },
            ]),
        { title: '有效期', key: 'validity', render: (_, c) => `${c.validFrom} 至 ${c.validUntil}` },
        {
          title: '状态',
          key: 'standing',
          render: (_, c) => (
            <>
              <StandingTag c={c} />
              {c.standing.note ? <div className="muted">{c.standing.note}</div> : null}
              {c.standing.code === 'void' && c.voidedOn ? <div className="muted">{c.voidedOn} 注销</div> : null}
            </>
          ),
        },
        {
          title: '操作',
          key: 'actions',
          render: (_, c) => (
            <Space wrap size={[12, 4]}>
              {c.documentId && c.standing.code !== 'void' ? (
                <a href={certificateDocumentUrl(c.id)} download>
                  下载电子证书
                </a>
              ) : null}
              {canRenew(c) ? <Link to={`/my/qualifications/${c.id}/renew`}>申请延续</Link> : null}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** 我的资质 (/my/qualifications). */
export function MyQualificationsPage() {
  const { certificates } = useLoaderData<typeof myQualificationsLoader>();
  return (
    <Suspense fallback={<MyQualifications certificates={null} />}>
      <Await resolve={certificates} errorElement={<MyQualifications certificates={null} error={<AsyncErrorAlert />} />}>
        {(held: MyCertificate[]) => <MyQualifications certificates={held} />}
      </Await>
    </Suspense>
  );
}

/** The certificates (null while loading, or `error` in place of them). */
function MyQualifications({ certificates, error }: { certificates: MyCertificate[] | null; error?: ReactNode }) {
  const soon = certificates?.filter((c) => c.standing.code === 'valid' && c.standing.daysLeft <= (c.renewBeforeDays ?? 60) + 30 && canRenew(c)) ?? [];
  return (
    <PageFrame crumbs={[{ title: '我的资质' }]} title="我的资质">
      <div className="panel">
        {error}
        {soon.map((c) => (
          <Alert
            key={c.id}
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={`${c.title}（${c.number}）将于${c.validUntil}到期，还有${c.standing.daysLeft}天`}
            description={`请在有效期届满${c.renewBeforeDays ?? 60}日前申请延续。`}
            action={
              <Link to={`/my/qualifications/${c.id}/renew`}>
                <Button size="small" type="primary">
                  申请延续
                </Button>
              </Link>
            }
          />
        ))}
        {certificates && certificates.length === 0 ? (
          <Empty description="资质登记簿中暂无您持有的资质或注册。首次申请获准后，证书将显示在这里。" />
        ) : (
          <CertificatesTable certificates={certificates ?? []} />
        )}
        <p className="muted" style={{ marginTop: 12 }}>
          以上内容以北京市规划和自然资源委员会资质登记簿记载为准。证书有效期届满前90日、60日、30日，系统将通过消息中心、短信和电子邮件提醒您申请延续。
        </p>
      </div>
    </PageFrame>
  );
}

/** /my/qualifications/:id/renew — the reminder's link: its loader opens a prefilled 延续 draft in the wizard; here only when it could not. */
export function RenewCertificatePage() {
  const { error } = useLoaderData<{ error: string }>();
  return (
    <PageFrame crumbs={[{ title: '我的资质', to: '/my/qualifications' }, { title: '申请延续' }]} title="申请延续">
      <div className="panel">
        <Alert type="error" showIcon title="不能打开延续申请" description={error} action={<Link to="/my/qualifications">返回我的资质</Link>} />
      </div>
    </PageFrame>
  );
}
