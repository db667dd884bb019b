import { Descriptions, Result, Table } from 'antd';
import { Link, useParams } from 'react-router';
import { GROUP, advisorOf, findItem, guideFacts, uploadRulesText, type GuideTypeFacts } from '../../domain/items/index.ts';
import { generatedForms } from '../../domain/forms/generated.ts';
import { PageFrame } from '../app/Layout.tsx';
import { applicationsApi } from '../api/applications.ts';
import { publicConfig } from '../app/public-config.ts';
import { ButtonLink } from '../components/ButtonLink.tsx';

/**
 * 办事指南: conditions, materials, time limits, fees, legal basis (行政许可法 Art.30). The 申请内容,
 * their processes and limits, and the upload rules come from the definitions (guideFacts); the
 * guide's own text is held to them by guides.test.ts.
 */
export function GuidePage() {
  const item = findItem(useParams().code ?? '');
  if (!item) return <ItemNotFound />;
  const g = item.guide;
  const facts = guideFacts(item);
  const slotTitle = (key?: string) => item.attachmentSlots.find((s) => s.key === key)?.title;
  // A blank form beside the first material that goes into its slot (网上办理 fills it from the data).
  const forms = generatedForms(item);
  const blank = (slot: string | undefined, name: string) => forms.some((f) => f.slot === slot) && g.materials.find((x) => x.slot === slot)?.name === name;
  return (
    <PageFrame crumbs={[{ title: GROUP, to: '/' }, { title: item.title }]} title={`${item.title} 办事指南`}>
      <div className="panel guide-section">
        <div className="guide-top">
          <p>{g.summary}</p>
          <ButtonLink type="primary" size="large" to={`/items/${item.code}/apply`}>
            网上办理
          </ButtonLink>
        </div>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'dept', label: '实施机关', children: `北京市规划和自然资源委员会（${item.department}）` },
            { key: 'who', label: '办理对象', children: item.applicantKind === 'enterprise' ? '法人（企业）' : '自然人（个人）' },
            { key: 'accept', label: '受理时限', children: `${facts.acceptDays} 个工作日` },
            { key: 'legal', label: '法定办结时限', children: `${g.timeLimit.legalDays} 个工作日` },
            { key: 'promised', label: '承诺办结时限', children: `${g.timeLimit.promisedDays} 个工作日` },
            { key: 'fees', label: '收费标准', children: g.fees },
            { key: 'contact', label: '咨询方式', children: g.contact },
          ]}
        />
        <h2>申请对象</h2>
        <ul>{g.applicants.map((a) => <li key={a}>{a}</li>)}</ul>
        <h2>申请条件</h2>
        <ol>{g.conditions.map((c) => <li key={c}>{c}</li>)}</ol>
        <h2>申请内容</h2>
        {advisorOf(item) ? (
          <p>
            <Link className="inline-link" to={`/items/${item.code}/choose`}>
              我该选哪个申请内容？
            </Link>{' '}
            回答两个问题，系统推荐申请内容，并列出所需材料和办理流程。
          </p>
        ) : null}
        <Table<GuideTypeFacts>
          rowKey="value"
          size="small"
          pagination={false}
          dataSource={facts.types}
          scroll={{ x: 560 }}
          columns={[
            { title: '申请内容', dataIndex: 'label' },
            { title: '办理流程', dataIndex: 'process' },
            { title: '办结时限', key: 'limit', render: (_, t) => `受理后 ${t.limitDays} 个工作日` },
          ]}
        />
        <p className="muted">办结时限自受理之日起计算，{facts.pausedBy.join('、')}期间不计入。</p>
        <h2>申请材料</h2>
        <ol>
          {g.materials.map((m) => (
            <li key={m.name}>
              <strong>{m.name}</strong>
              {slotTitle(m.slot) && m.slot ? `（上传至“${slotTitle(m.slot)}”）` : ''}
              {blank(m.slot, m.name) ? (
                <>
                  {' '}
                  <a className="inline-link" href={applicationsApi.blankFormUrl(item.code, m.slot!)} download>
                    下载空白表格
                  </a>
                </>
              ) : null}
              {m.note ? <div>{m.note}</div> : null}
            </li>
          ))}
        </ol>
        <p>{uploadRulesText(publicConfig.uploadMaxMb)}</p>
        <h2>办理流程</h2>
        <ol>{g.process.map((p) => <li key={p}>{p}</li>)}</ol>
        <h2>设定依据</h2>
        <ul>{g.legalBasis.map((l) => <li key={l}>{l}</li>)}</ul>
        <div className="apply-actions" style={{ marginTop: 24 }}>
          <ButtonLink type="primary" size="large" to={`/items/${item.code}/apply`}>
            网上办理
          </ButtonLink>
        </div>
      </div>
    </PageFrame>
  );
}

export function ItemNotFound() {
  return (
    <PageFrame crumbs={[{ title: GROUP, to: '/' }]}>
      <Result status="404" title="该办事事项不存在或已下线" extra={<ButtonLink to="/">返回首页</ButtonLink>} />
    </PageFrame>
  );
}
