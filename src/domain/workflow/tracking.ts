/**
 * 流程跟踪: the case's own variant drawn as a chart, with where the case stands. The main path
 * comes from `flowChart`; detours the case went through (补正, 专家评审) are shown where they
 * happened; an early end (不予受理, 不予许可, 撤回) marks the rest of the path as skipped.
 */
import { flowChart } from './engine.ts';
import { findNode, getVariant } from './variants.ts';
import type { CasePath, NodeDefinition, WorkflowVariant } from './types.ts';

export type TrackStatus = 'done' | 'current' | 'ahead' | 'skipped';

export interface TrackNode {
  key: string;
  label: string;
  status: TrackStatus;
  /** Off the main path (补正, 专家评审). */
  detour: boolean;
  /** Last time the case entered / left this node (ISO), when it did. */
  enteredAt?: string;
  leftAt?: string;
}

export interface Track {
  nodes: TrackNode[];
  end: { label: string; status: 'reached' | 'ahead'; at?: string; outcome?: string };
}

export function trackOf(variant: WorkflowVariant, path: CasePath): Track {
  const chart = flowChart(variant);
  const ended = path.state.status === 'ended';
  const current = path.state.status === 'open' ? path.state.node.key : undefined;
  const times = new Map<string, { enteredAt: string; leftAt?: string }>();
  for (const s of path.steps) times.set(s.node.key, { enteredAt: s.enteredAt, leftAt: s.event?.at });

  const node = (n: NodeDefinition, detour: boolean): TrackNode => {
    const t = times.get(n.key);
    const status: TrackStatus = n.key === current ? 'current' : t ? 'done' : ended ? 'skipped' : 'ahead';
    return { key: n.key, label: n.label, status, detour, ...(t ? { enteredAt: t.enteredAt, ...(t.leftAt && n.key !== current ? { leftAt: t.leftAt } : {}) } : {}) };
  };

  const nodes: TrackNode[] = chart.nodes.map((n) => node(n, false));
  // Visited detours go right after the main node the case left to enter them.
  for (const detour of chart.detours) {
    const index = path.steps.findIndex((s) => s.node.key === detour.key);
    if (index < 0) continue;
    const from = path.steps[index - 1]?.node.key;
    const at = nodes.findIndex((n) => n.key === from);
    nodes.splice(at < 0 ? nodes.length : at + 1, 0, node(detour, true));
  }

  const end =
    path.state.status === 'ended'
      ? { label: path.state.end.label, status: 'reached' as const, at: path.state.endedAt, outcome: path.state.end.outcome }
      : { label: chart.end.label, status: 'ahead' as const };
  return { nodes, end };
}

/**
 * Whether a variant publishes a 公示 (the 审查意见, with its 陈述 window) and a 公告 (the decision):
 * 流程跟踪 shows its 公示 and 公告 tabs only then — a filing has neither.
 */
export function publicationsOf(variant: WorkflowVariant): { notice: boolean; announcement: boolean } {
  return { notice: variant.nodes.some((n) => n.kind === 'notice'), announcement: variant.nodes.some((n) => n.kind === 'announce') };
}

/** Where a case stands in one line: the node it waits in, or how it ended (for lists). */
export function stageOf(application: { status: string; workflow: string | null; node: string | null; outcome: string | null }): {
  nodeLabel: string;
  statusText: string;
} {
  if (application.status === 'draft' || !application.workflow) return { nodeLabel: '暂存', statusText: '暂存，尚未提交' };
  const variant = getVariant(application.workflow);
  const node = application.node ? findNode(variant, application.node) : undefined;
  if (node) return { nodeLabel: node.label, statusText: node.applicantStatus };
  const end = variant.ends.find((e) => e.outcome === application.outcome);
  return { nodeLabel: end?.label ?? '已办结', statusText: end?.applicantStatus ?? '已办结' };
}
