import { Alert, Radio } from 'antd';
import { useState } from 'react';
import { Link, useLoaderData } from 'react-router';
import { GROUP, advise, advisorOf, findItem, guideFacts, materialsFor, stagesOf, type ItemDefinition } from '../../../domain/items/index.ts';
import { loginUrl } from '../../api/client.ts';
import type { RegisterOffers } from '../../api/register.ts';
import { PageFrame } from '../../app/Layout.tsx';
import { ButtonLink } from '../../components/ButtonLink.tsx';
import { ItemNotFound } from '../../pages/GuidePage.tsx';
import { FlowChart } from '../progress/FlowChart.tsx';
import type { AdvisorContext, typeAdvisorLoader } from './type-advisor.loader.ts';

/** What the register says about holding the item's certificate; undefined when it was not asked. */
function registerAnswer(item: ItemDefinition, context: AdvisorContext): { holds: boolean; text: string } | undefined {
  if (context.kind !== 'known' || !context.register) return undefined;
  const held = context.register.held;
  const title = item.result.title;
  if (!held) return { holds: false, text: `资质登记簿中没有您持有的本市核发的${title}。如您持有而此处未显示，请咨询：${item.guide.contact}` };
  if (held.expired) return { holds: false, text: `资质登记簿显示：您的${title}（${held.number}）已于${held.validUntil}到期。` };
  return { holds: true, text: `资质登记簿显示：您持有${title}（${held.number}），有效期至${held.validUntil}。` };
}

/**
 * 我该选哪个申请内容: two plain questions (domain/items/type-advisor.ts) lead to the 申请内容, its
 * materials and the stages of its case (the chart 流程跟踪 draws), and start 网上办理 with it.
 */
export function TypeAdvisorPage() {
  const { code, context } = useLoaderData<typeof typeAdvisorLoader>();
  const item = findItem(code ?? '');
  const advisor = item ? advisorOf(item) : undefined;
  const known = item ? registerAnswer(item, context) : undefined;
  const [asked, setAsked] = useState<boolean | undefined>(undefined);
  const [goalKey, setGoalKey] = useState<string | undefined>(undefined);
  if (!item) return <ItemNotFound />;
  const crumbs = [{ title: GROUP, to: '/' }, { title: item.title, to: `/items/${item.code}` }, { title: '我该选哪个申请内容' }];
  if (!advisor) {
    return (
      <PageFrame crumbs={crumbs} title="我该选哪个申请内容" pageTitle={`我该选哪个申请内容 - ${item.title}`}>
        <div className="panel guide-section">
          <p>本事项只有一项申请内容“{item.applicationTypes[0]?.label}”，无需选择。</p>
          <ButtonLink type="primary" to={`/items/${item.code}/apply`}>
            网上办理
          </ButtonLink>
        </div>
      </PageFrame>
    );
  }
  const holds = known ? known.holds : asked;
  const branch = holds === undefined ? undefined : advisor[holds ? 'with' : 'without'];
  const advice = holds !== undefined && goalKey ? advise(item, holds, goalKey) : undefined;
  return (
    <PageFrame crumbs={crumbs} title="我该选哪个申请内容" pageTitle={`我该选哪个申请内容 - ${item.title}`}>
      <div className="panel guide-section advisor">
        <p>回答下面的问题，系统为您推荐应选择的申请内容，并列出所需材料和办理流程。</p>
        {context.kind === 'refused' ? <Alert type="warning" showIcon title={context.message} style={{ marginBottom: 16 }} /> : null}
        <fieldset>
          <legend>1. {advisor.holdsQuestion}</legend>
          {known ? (
            <p role="status">{known.text}</p>
          ) : (
            <>
              <Radio.Group
                value={asked === undefined ? undefined : asked ? 'yes' : 'no'}
                onChange={(e) => {
                  setAsked(e.target.value === 'yes');
                  setGoalKey(undefined);
                }}
                options={[
                  { value: 'yes', label: '是' },
                  { value: 'no', label: '否' },
                ]}
              />
              {context.kind === 'anonymous' ? (
                <p className="muted">
                  <a className="inline-link" href={loginUrl(`/items/${item.code}/choose`)}>
                    登录
                  </a>
                  后，系统按资质登记簿回答本题。
                </p>
              ) : null}
            </>
          )}
        </fieldset>
        {branch ? (
          <fieldset>
            <legend>2. {branch.question}</legend>
            <Radio.Group className="radio-list" value={goalKey} onChange={(e) => setGoalKey(e.target.value as string)}>
              {branch.goals.map((g) => (
                <Radio key={g.key} value={g.key}>
                  {g.label}
                </Radio>
              ))}
            </Radio.Group>
          </fieldset>
        ) : null}
        <div aria-live="polite">{advice ? <Recommendation item={item} advice={advice} register={context.kind === 'known' ? context.register : null} /> : null}</div>
      </div>
    </PageFrame>
  );
}

function Recommendation({ item, advice, register }: { item: ItemDefinition; advice: NonNullable<ReturnType<typeof advise>>; register: RegisterOffers | null }) {
  const { goal, type } = advice;
  if (!type) return <Alert type="info" showIcon title="没有对应的申请内容" description={goal.note} style={{ marginTop: 16 }} />;
  const offer = register?.types[type.value];
  const facts = guideFacts(item).types.find((t) => t.value === type.value);
  const { stages, detours, end } = stagesOf(type);
  const slotTitle = (key?: string) => item.attachmentSlots.find((s) => s.key === key)?.title;
  const track = { nodes: stages.map((label, i) => ({ key: String(i), label, status: 'ahead' as const, detour: false })), end: { label: end, status: 'ahead' as const } };
  return (
    <section aria-labelledby="advice-heading">
      <h2 id="advice-heading">建议选择的申请内容</h2>
      <p className="advice-type">
        <strong>{type.label}</strong>
      </p>
      {goal.note ? <p>{goal.note}</p> : null}
      {offer && !offer.available ? <Alert type="warning" showIcon title="您目前不能办理此项申请内容" description={offer.reason} style={{ marginBottom: 12 }} /> : null}
      <h2>所需材料</h2>
      <ol>
        {materialsFor(item, type.value).map((m) => (
          <li key={m.name}>
            <strong>{m.name}</strong>
            {m.slot && slotTitle(m.slot) ? `（上传至“${slotTitle(m.slot)}”）` : ''}
            {m.note ? <div>{m.note}</div> : null}
          </li>
        ))}
      </ol>
      <h2>办理流程</h2>
      <FlowChart track={track} />
      <p className="muted">
        {facts ? `办结时限：受理后 ${facts.limitDays} 个工作日。` : ''}
        办理中可能经过{detours.join('、')}环节。以“办事进度”中的“流程跟踪”显示为准。
      </p>
      <div className="apply-actions">
        {offer && !offer.available ? (
          <Link to={`/items/${item.code}`}>返回办事指南</Link>
        ) : (
          <ButtonLink type="primary" size="large" to={`/items/${item.code}/apply?type=${encodeURIComponent(type.value)}`}>
            按此申请内容网上办理
          </ButtonLink>
        )}
      </div>
    </section>
  );
}
