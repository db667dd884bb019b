/** 外埠备案 is a filing, not an approval: 予以备案 or 退回补正, never 不予备案 (REFERENCE §1.3, §6.3). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  VARIANTS,
  applyAction,
  availableActions,
  caseState,
  checkVariant,
  clockStops,
  findAction,
  findNode,
  flowChart,
  legalLimitDays,
  pathOf,
  trackOf,
  type ActionRequest,
  type CaseEventInput,
  type WorkflowVariant,
} from './index.ts';

const v = VARIANTS.filing;
const SUBMITTED = '2026-03-02T01:00:00.000Z';
const at = (i: number) => new Date(Date.parse(SUBMITTED) + (i + 1) * 60_000).toISOString();

function run(requests: Omit<ActionRequest, 'at'>[]): CaseEventInput[] {
  const history: CaseEventInput[] = [];
  requests.forEach((req, i) => {
    const r = applyAction(v, history, SUBMITTED, { ...req, at: at(i) });
    if (!r.ok) assert.fail(`${req.action}: ${r.code} ${r.message}`);
    history.push(r.event);
  });
  return history;
}

const ACCEPT = { action: 'accept', actorRoles: ['acceptor'] } as const;

describe('外埠备案 workflow', () => {
  it('核对 offers 予以备案, 退回补正 and 退回受理 — and no 不予备案', () => {
    const state = caseState(v, run([ACCEPT]), SUBMITTED);
    assert.deepEqual(
      availableActions(v, state, ['reviewer']).map((a) => [a.key, a.label, a.to]),
      [
        ['pass', '予以备案', 'end:filed'],
        ['request-correction', '退回补正', 'correction'],
        ['return', '退回受理', 'accept'],
      ],
    );
    const fail = applyAction(v, run([ACCEPT]), SUBMITTED, { action: 'fail', actorRoles: ['reviewer'], opinion: '不符合', at: at(5) });
    assert.equal(fail.ok ? 'ok' : fail.code, 'UNKNOWN_ACTION');
  });

  it('no action anywhere leads to 不予备案; 不予受理 stays at 受理', () => {
    for (const node of v.nodes) for (const a of node.actions) assert.notEqual(a.to, 'end:rejected', `${node.key}.${a.key}`);
    assert.ok(v.ends.some((e) => e.key === 'end:rejected' && e.label === '不予备案'), 'kept for closed cases');
    assert.equal(findNode(v, 'accept')?.actions.find((a) => a.key === 'reject')?.to, 'end:not-accepted');
    assert.deepEqual(checkVariant(v), []);
  });

  it('has no 公示 or 公告 and is due within its own time limit', () => {
    assert.ok(!v.nodes.some((n) => n.kind === 'notice' || n.kind === 'pre-notice' || n.kind === 'announce'));
    assert.equal(legalLimitDays(v), 5);
    assert.deepEqual(flowChart(v).nodes.map((n) => n.label), ['受理', '核对']);
  });

  it('退回补正 → 重新提交 → 受理 → 核对 → 予以备案, with the 补正 time not counted', () => {
    const history = run([
      ACCEPT,
      { action: 'request-correction', actorRoles: ['reviewer'], opinion: '任命书未加盖公章。', correctionItems: ['attachments.localManagerAppointment'] },
      { action: 'resubmit', actorRoles: ['applicant'] },
      ACCEPT,
      { action: 'pass', actorRoles: ['reviewer'] },
    ]);
    assert.deepEqual(history[1], {
      node: 'review',
      action: 'request-correction',
      actorRole: 'reviewer',
      at: at(1),
      opinion: '任命书未加盖公章。',
      correctionItems: ['attachments.localManagerAppointment'],
    });
    const path = pathOf(v, history, SUBMITTED);
    assert.deepEqual(path.steps.map((s) => s.node.key), ['accept', 'review', 'correction', 'accept', 'review']);
    assert.equal(path.state.status === 'ended' && path.state.end.key, 'end:filed');
    assert.deepEqual(clockStops(path), [{ node: 'correction', from: at(1), to: at(2) }]);
  });

  it('退回补正 needs the reasons and the list of what to correct', () => {
    const history = run([ACCEPT]);
    const none = applyAction(v, history, SUBMITTED, { action: 'request-correction', actorRoles: ['reviewer'], opinion: '缺材料', at: at(5) });
    assert.equal(none.ok ? 'ok' : none.code, 'CORRECTION_ITEMS_REQUIRED');
    const silent = applyAction(v, history, SUBMITTED, { action: 'request-correction', actorRoles: ['reviewer'], correctionItems: ['applicant.region'], at: at(5) });
    assert.equal(silent.ok ? 'ok' : silent.code, 'OPINION_REQUIRED');
  });

  it('a case closed as 不予备案 before still replays, tracks and names its action', () => {
    const history: CaseEventInput[] = [
      { node: 'accept', action: 'accept', actorRole: 'acceptor', at: at(0) },
      { node: 'review', action: 'fail', actorRole: 'reviewer', at: at(1), opinion: '资质证书已过期。' },
    ];
    const path = pathOf(v, history, SUBMITTED);
    assert.equal(path.state.status === 'ended' && path.state.end.label, '不予备案');
    assert.equal(path.steps[1]?.action?.label, '不予备案');
    assert.equal(findAction(findNode(v, 'review')!, 'fail')?.label, '不予备案');
    const track = trackOf(v, path);
    assert.deepEqual(track.end, { label: '不予备案', status: 'reached', at: at(1), outcome: 'rejected' });
    assert.deepEqual(availableActions(v, path.state, ['reviewer']), []);
  });
});

describe('checkVariant and retired actions', () => {
  it('reports a retired action that is also offered, or leads nowhere', () => {
    const review = findNode(v, 'review')!;
    const broken: WorkflowVariant = {
      ...v,
      nodes: v.nodes.map((n) =>
        n === review ? { ...n, retiredActions: [...(n.retiredActions ?? []), { ...n.actions[0]! }, { key: 'x', label: '旧操作', to: 'end:nowhere' as never, opinion: 'none' }] } : n,
      ),
    };
    const problems = checkVariant(broken);
    assert.ok(problems.includes('review.pass: retired and offered at once'), JSON.stringify(problems));
    assert.ok(problems.includes('review.x: unknown target end:nowhere'), JSON.stringify(problems));
  });

  it('still reports an end nothing leads to, not even a retired action', () => {
    const orphan: WorkflowVariant = { ...v, ends: [...v.ends, { key: 'end:forwarded', label: '已转报', applicantStatus: '已转报', outcome: 'forwarded' }] };
    assert.deepEqual(checkVariant(orphan), ['end:forwarded is unreachable']);
  });
});
