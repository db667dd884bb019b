/**
 * 我该选哪个申请内容 (issue 20, point 4): two plain questions — does the applicant hold this item's
 * certificate, and what has happened or what do they want — lead to one 申请内容, the materials it
 * needs and the stages its case goes through. The register answers the first question when it
 * knows the applicant; the offer of the chosen type (domain/register/offer.ts) then says whether
 * it is open to them, as the wizard and the server do.
 */
import { flowChart, getVariant } from '../workflow/index.ts';
import { findApplicationType } from './application-types.ts';
import type { ApplicationType, GuideMaterial, ItemDefinition } from './types.ts';

export interface AdvisorGoal {
  key: string;
  /** The situation or wish, as the applicant would say it. */
  label: string;
  /** The 申请内容 (value) it leads to; none when no 申请内容 of this item fits. */
  type?: string;
  /** Said with the recommendation: a time limit, a condition, or where else to turn. */
  note?: string;
}

export interface Advisor {
  /** Whether the applicant holds a valid certificate of this item (the register may know). */
  holdsQuestion: string;
  /** The second question and its answers, for an applicant without and with a valid certificate. */
  without: { question: string; goals: readonly AdvisorGoal[] };
  with: { question: string; goals: readonly AdvisorGoal[] };
}

export interface Advice {
  goal: AdvisorGoal;
  type?: ApplicationType;
}

/** The advisor of an item; undefined when it has one 申请内容 only (nothing to choose). */
export function advisorOf(item: ItemDefinition): Advisor | undefined {
  if (item.applicationTypes.length < 2) return undefined;
  const register = item.result.register;
  const renewNote = register?.renewBeforeDays ? `应在有效期届满${register.renewBeforeDays}日前提出延续申请。` : undefined;
  if (item.applicantKind === 'engineer') {
    return {
      holdsQuestion: `您是否持有本市核发、仍在有效期内的二级注册结构工程师${item.result.title}？`,
      without: {
        question: '您这次要办理的是：',
        goals: [
          { key: 'first', label: '已取得二级注册结构工程师执业资格证书，第一次申请注册', type: 'initial', note: '取得执业资格证书超过3年的，还需提供达到继续教育要求的证明。' },
        ],
      },
      with: {
        question: '您这次要办理的是：',
        goals: [
          { key: 'renew', label: '注册有效期将满，需要继续执业', type: 'renew', ...(renewNote ? { note: renewNote } : {}) },
          { key: 'employer', label: '更换了聘用单位', type: 'change', note: '变更注册后仍延续原注册有效期。' },
          { key: 'reissue', label: '注册证书或执业印章遗失、损毁，或注册信息需要更正', type: 'amend-reissue' },
          { key: 'cancel', label: '不再从事结构工程设计执业，注销注册', type: 'cancel' },
        ],
      },
    };
  }
  const subject = item.result.title.replace(/资质证书$/, '');
  return {
    holdsQuestion: `贵单位是否持有本市核发、仍在有效期内的${item.result.title}？`,
    without: {
      question: '贵单位这次办理的原因是：',
      goals: [
        { key: 'first', label: `第一次申请${subject}资质，或原证书已过期失效`, type: 'first', note: '首次申请的资质等级最高为乙级，不考核企业业绩。' },
        { key: 'restructure', label: '企业合并、分立、改制或重组，需要重新核定资质', type: 'restructure' },
      ],
    },
    with: {
      question: '贵单位这次要办理的是：',
      goals: [
        { key: 'renew', label: '证书有效期将满，需要继续保留资质', type: 'renew', ...(renewNote ? { note: renewNote } : {}) },
        { key: 'rename', label: '企业名称发生了变化', type: 'rename', note: '应在办理工商变更手续后30日内申请。' },
        {
          key: 'other-change',
          label: '注册地址、注册资本或法定代表人发生了变化',
          note: `本事项的申请内容中没有此类变更的选项，请勿以其他申请内容代替。请先咨询：${item.guide.contact}`,
        },
        { key: 'add', label: `增加新的${subject}资质类别或专业`, type: 'add', note: '新增资质的等级最高为乙级，不考核企业业绩。' },
        { key: 'upgrade', label: '将持有的较低等级资质晋升为乙级', type: 'upgrade', note: '申请之日前一年内有违法违规行为的，不得申请晋升。' },
        { key: 'restructure', label: '企业合并、分立、改制或重组', type: 'restructure' },
        { key: 'relocate', label: '企业工商注册地迁往其他省、自治区、直辖市', type: 'relocate-province', note: '跨省变更由国务院住房和城乡建设主管部门作出决定，本委受理后转报。' },
        { key: 'cancel', label: `不再从事相关业务，注销${subject}资质`, type: 'cancel' },
      ],
    },
  };
}

/** The 申请内容 an answer leads to; undefined for an unknown answer. */
export function advise(item: ItemDefinition, holds: boolean, goalKey: string): Advice | undefined {
  const advisor = advisorOf(item);
  const goal = advisor?.[holds ? 'with' : 'without'].goals.find((g) => g.key === goalKey);
  if (!goal) return undefined;
  const type = goal.type ? findApplicationType(item, goal.type) : undefined;
  return { goal, ...(type ? { type } : {}) };
}

/** The 办事指南's materials a 申请内容 needs (each material says which types it is for). */
export function materialsFor(item: ItemDefinition, type: string): GuideMaterial[] {
  return item.guide.materials.filter((m) => !m.types || m.types.includes(type));
}

/** The stages of a 申请内容's case in order, and the detours it may take (补正, 专家评审). */
export function stagesOf(type: ApplicationType): { stages: string[]; detours: string[]; end: string } {
  const chart = flowChart(getVariant(type.workflow));
  return { stages: chart.nodes.map((n) => n.label), detours: chart.detours.map((n) => n.label), end: chart.end.label };
}
