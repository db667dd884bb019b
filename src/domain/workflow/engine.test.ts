import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STAFF_ROLES, type StaffRole } from '../roles.ts';
import {
  InconsistentHistoryError,
  VARIANTS,
  WORKFLOW_VARIANT_NAMES,
  allowedRoles,
  applyAction,
  availableActions,
  caseState,
  clockStops,
  findNode,
  isEndKey,
  pathOf,
} from './index.ts';
import type { ActionDefinition, ActionRequest, ActorRole, CaseEventInput, CaseState, EngineResult, NodeDefinition, WorkflowVariant } from './index.ts';

const ALL = WORKFLOW_VARIANT_NAMES.map((name) => VARIANTS[name]);
const ALL_ROLES: readonly ActorRole[] = [...(Object.keys(STAFF_ROLES) as StaffRole[]), 'applicant', 'system'];
const SUBMITTED = '2026-03-02T01:00:00.000Z';

/** Minutes after submission, as ISO. */
const at = (i: number) => new Date(Date.parse(SUBMITTED) + (i + 1) * 60_000).toISOString();

interface Edge {
  node: string;
  action: ActionDefinition;
}

/**
 * Every path from the start to an end: depth first, taking each back-edge (one to a node
 * already on the path) at most once, so loops (补正, 退回, 专家评审, 陈述) are walked once.
 */
function enumeratePaths(v: WorkflowVariant): { edges: Edge[]; end: string }[] {
  const out: { edges: Edge[]; end: string }[] = [];
  const visit = (key: string, nodes: string[], edges: Edge[], usedBack: ReadonlySet<string>) => {
    const node = findNode(v, key)!;
    for (const action of node.actions) {
      const id = `${key}.${action.key}`;
      const next = [...edges, { node: key, action }];
      if (isEndKey(action.to)) {
        out.push({ edges: next, end: action.to });
        continue;
      }
      const back = nodes.includes(action.to);
      if (back && usedBack.has(id)) continue;
      visit(action.to, [...nodes, action.to], next, back ? new Set([...usedBack, id]) : usedBack);
    }
  };
  visit(v.start, [v.start], [], new Set());
  return out;
}

/** Ends some offered action leads to (an end kept only for retired actions is not among them). */
function liveEnds(v: WorkflowVariant): string[] {
  return v.ends.map((e) => e.key).filter((key) => v.nodes.some((n) => n.actions.some((a) => a.to === key)));
}

/** A valid request for an action: the first allowed role, an opinion and items where needed. */
function requestFor(node: NodeDefinition, action: ActionDefinition, i: number): ActionRequest {
  return {
    action: action.key,
    actorRoles: [allowedRoles(node, action)[0]!],
    node: node.key,
    opinion: action.opinion === 'none' ? undefined : `意见${i}`,
    correctionItems: action.requestsCorrection ? ['attachments.application-form'] : undefined,
    at: at(i),
  };
}

function expectOk(r: EngineResult, where: string): Extract<EngineResult, { ok: true }> {
  if (!r.ok) assert.fail(`${where}: ${r.code} ${r.message}`);
  return r;
}

function keyOf(state: CaseState): string {
  return state.status === 'open' ? state.node.key : state.end.key;
}

/** Walks edges with applyAction from submission and returns the history. */
function walk(v: WorkflowVariant, edges: readonly Edge[]): CaseEventInput[] {
  const history: CaseEventInput[] = [];
  for (const [i, e] of edges.entries()) {
    const node = findNode(v, e.node)!;
    const r = expectOk(applyAction(v, history, SUBMITTED, requestFor(node, e.action, i)), `${v.name} step ${i} ${e.node}.${e.action.key}`);
    history.push(r.event);
  }
  return history;
}

/** A history that brings a case to the given node (shortest route, breadth first). */
function historyTo(v: WorkflowVariant, target: string): CaseEventInput[] {
  const queue: { key: string; edges: Edge[] }[] = [{ key: v.start, edges: [] }];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { key, edges } = queue.shift()!;
    if (key === target) return walk(v, edges);
    if (seen.has(key) || isEndKey(key)) continue;
    seen.add(key);
    for (const action of findNode(v, key)!.actions) queue.push({ key: action.to, edges: [...edges, { node: key, action }] });
  }
  throw new Error(`${v.name}: ${target} unreachable`);
}

describe('workflow engine: every path of every variant', () => {
  for (const v of ALL) {
    it(`${v.name}: walks every path from 受理 to every end`, () => {
      const paths = enumeratePaths(v);
      const endsReached = new Set<string>();
      const nodesVisited = new Set<string>();
      for (const path of paths) {
        const where = `${v.name}: ${path.edges.map((e) => `${e.node}.${e.action.key}`).join(' → ')}`;
        const history: CaseEventInput[] = [];
        let current = keyOf(caseState(v, history, SUBMITTED));
        assert.equal(current, v.start, where);
        for (const [i, e] of path.edges.entries()) {
          assert.equal(current, e.node, `${where} @${i}`);
          nodesVisited.add(e.node);
          const r = expectOk(applyAction(v, history, SUBMITTED, requestFor(findNode(v, e.node)!, e.action, i)), `${where} @${i}`);
          assert.equal(keyOf(r.state), e.action.to, `${where} @${i}`);
          current = keyOf(r.state);
          assert.equal(r.event.node, e.node);
          assert.equal(r.event.action, e.action.key);
          assert.equal(r.event.at, at(i));
          history.push(r.event);
        }
        const final = caseState(v, history, SUBMITTED);
        assert.equal(final.status, 'ended', where);
        assert.equal(keyOf(final), path.end, where);
        if (final.status === 'ended') assert.equal(final.endedAt, at(path.edges.length - 1));
        const { steps } = pathOf(v, history, SUBMITTED);
        assert.deepEqual(
          steps.map((s) => s.node.key),
          path.edges.map((e) => e.node),
          where,
        );
        endsReached.add(path.end);
      }
      assert.deepEqual([...endsReached].sort(), liveEnds(v).sort(), 'every end an action leads to is reached');
      assert.deepEqual([...nodesVisited].sort(), v.nodes.map((n) => n.key).sort(), 'every node is visited');
    });
  }

  it('path counts stay bounded (each loop taken once)', () => {
    const counts = Object.fromEntries(ALL.map((v) => [v.name, enumeratePaths(v).length]));
    assert.deepEqual(counts, {
      'full-review': 5852,
      'document-check': 30,
      'forward-mohurd': 30,
      cancel: 30,
      'engineer-registration': 132,
      'engineer-reissue': 30,
      'engineer-cancel': 30,
      filing: 50,
    });
  });
});

describe('workflow engine: refusals', () => {
  for (const v of ALL) {
    describe(v.name, () => {
      it('refuses every action to an actor without its role (admin is no superuser)', () => {
        for (const node of v.nodes) {
          const history = historyTo(v, node.key);
          for (const action of node.actions) {
            const allowed = allowedRoles(node, action);
            const others = ALL_ROLES.filter((r) => !allowed.includes(r));
            const req = { ...requestFor(node, action, 99), actorRoles: others };
            const r = applyAction(v, history, SUBMITTED, req);
            assert.equal(r.ok, false, `${node.key}.${action.key}`);
            if (!r.ok) {
              assert.equal(r.code, 'WRONG_ROLE');
              assert.ok(r.message.includes(node.label) && r.message.includes(action.label), r.message);
            }
            const admin = applyAction(v, history, SUBMITTED, { ...req, actorRoles: ['auditor'] });
            assert.equal(admin.ok ? 'ok' : admin.code, 'WRONG_ROLE', `${node.key}.${action.key} as admin`);
          }
          assert.deepEqual(availableActions(v, caseState(v, history, SUBMITTED), ['auditor']), []);
        }
      });

      it('refuses an action the node does not offer', () => {
        for (const node of v.nodes) {
          const history = historyTo(v, node.key);
          const foreign = v.nodes.flatMap((n) => n.actions).find((a) => !node.actions.some((b) => b.key === a.key));
          for (const key of ['no-such-action', ...(foreign ? [foreign.key] : [])]) {
            const r = applyAction(v, history, SUBMITTED, { action: key, actorRoles: ALL_ROLES, opinion: '意见', correctionItems: ['x'], at: at(99) });
            assert.equal(r.ok ? 'ok' : r.code, 'UNKNOWN_ACTION', `${node.key}: ${key}`);
          }
        }
      });

      it('refuses every negative action without an opinion', () => {
        for (const node of v.nodes) {
          const history = historyTo(v, node.key);
          for (const action of node.actions.filter((a) => a.opinion === 'required')) {
            for (const opinion of [undefined, '', '   ']) {
              const r = applyAction(v, history, SUBMITTED, { ...requestFor(node, action, 99), opinion });
              assert.equal(r.ok ? 'ok' : r.code, 'OPINION_REQUIRED', `${node.key}.${action.key}`);
              if (!r.ok) assert.ok(r.message.startsWith('请填写意见') && r.message.includes(action.label), r.message);
            }
          }
        }
      });

      it('refuses 补正 without the list of what to correct', () => {
        const history = historyTo(v, v.start);
        const node = findNode(v, v.start)!;
        const action = node.actions.find((a) => a.requestsCorrection)!;
        for (const correctionItems of [undefined, [], ['', '  ']]) {
          const r = applyAction(v, history, SUBMITTED, { ...requestFor(node, action, 0), correctionItems });
          assert.deepEqual(r, { ok: false, code: 'CORRECTION_ITEMS_REQUIRED', params: {}, message: '请列出需要补正的内容。' });
        }
      });

      it('refuses any action on an ended case', () => {
        for (const end of v.ends.filter((e) => liveEnds(v).includes(e.key))) {
          const node = v.nodes.find((n) => n.actions.some((a) => a.to === end.key))!;
          const action = node.actions.find((a) => a.to === end.key)!;
          const history = [...historyTo(v, node.key)];
          history.push(expectOk(applyAction(v, history, SUBMITTED, requestFor(node, action, history.length)), end.key).event);
          const state = caseState(v, history, SUBMITTED);
          assert.equal(state.status, 'ended');
          assert.deepEqual(availableActions(v, state, ALL_ROLES), []);
          for (const a of v.nodes.flatMap((n) => n.actions)) {
            const r = applyAction(v, history, SUBMITTED, { action: a.key, actorRoles: ALL_ROLES, opinion: '意见', correctionItems: ['x'], at: at(99) });
            assert.equal(r.ok ? 'ok' : r.code, 'CASE_ENDED', `${end.key} then ${a.key}`);
            if (!r.ok) assert.ok(r.message.includes(end.label), r.message);
          }
        }
      });
    });
  }

  it('refuses an action meant for another node (a stale page)', () => {
    const v = VARIANTS['full-review'];
    const r = applyAction(v, historyTo(v, 'review'), SUBMITTED, { action: 'accept', node: 'accept', actorRoles: ['acceptor'], at: at(9) });
    assert.deepEqual(r, { ok: false, code: 'WRONG_NODE', params: { seen: '受理', current: '审查' }, message: '该申报已不在「受理」环节，当前环节为「审查」，请刷新后重试。' });
  });

  it('checks in order: ended, node, action, role, opinion, items', () => {
    const v = VARIANTS['full-review'];
    const r = applyAction(v, [], SUBMITTED, { action: 'request-correction', actorRoles: ['reviewer'], at: at(0) });
    assert.equal(r.ok ? 'ok' : r.code, 'WRONG_ROLE');
    const r2 = applyAction(v, [], SUBMITTED, { action: 'request-correction', actorRoles: ['acceptor'], at: at(0) });
    assert.equal(r2.ok ? 'ok' : r2.code, 'OPINION_REQUIRED');
  });
});

describe('workflow engine: behaviour', () => {
  it('the 补正 loop: 受理 → 补正 → 重新提交 → 受理 → 受理 accepted, history kept', () => {
    const v = VARIANTS['full-review'];
    const history: CaseEventInput[] = [];
    const step = (req: ActionRequest, expected: string) => {
      const r = expectOk(applyAction(v, history, SUBMITTED, req), req.action);
      assert.equal(keyOf(r.state), expected);
      history.push(r.event);
      return r;
    };
    const c = step(
      { action: 'request-correction', actorRoles: ['acceptor'], opinion: ' 申请表缺少盖章页。 ', correctionItems: ['attachments.application-form', ' applicant.phone ', 'attachments.application-form'], at: at(0) },
      'correction',
    );
    assert.deepEqual(c.event, {
      node: 'accept',
      action: 'request-correction',
      actorRole: 'acceptor',
      at: at(0),
      opinion: '申请表缺少盖章页。',
      correctionItems: ['attachments.application-form', 'applicant.phone'],
    });
    assert.equal(c.state.status === 'open' && c.state.node.clock, 'stopped');
    assert.equal(c.state.status === 'open' && c.state.node.applicantStatus, '需要补正材料，请按补正通知修改后重新提交');
    // Staff cannot resubmit for the applicant.
    const staff = applyAction(v, history, SUBMITTED, { action: 'resubmit', actorRoles: ['acceptor', 'auditor'], at: at(1) });
    assert.equal(staff.ok ? 'ok' : staff.code, 'WRONG_ROLE');
    step({ action: 'resubmit', actorRoles: ['applicant'], at: at(1) }, 'accept');
    step({ action: 'accept', actorRoles: ['acceptor'], at: at(2) }, 'review');

    const path = pathOf(v, history, SUBMITTED);
    assert.deepEqual(
      path.steps.map((s) => [s.node.key, s.enteredAt, s.action?.key]),
      [
        ['accept', SUBMITTED, 'request-correction'],
        ['correction', at(0), 'resubmit'],
        ['accept', at(1), 'accept'],
        ['review', at(2), undefined],
      ],
    );
    assert.deepEqual(path.steps[0]?.event?.correctionItems, ['attachments.application-form', 'applicant.phone']);
    assert.deepEqual(clockStops(path), [{ node: 'correction', from: at(0), to: at(1) }]);
    assert.equal(path.state.status === 'open' && path.state.enteredAt, at(2));
  });

  it('a staff member with several roles acts where one matches, recorded under that role', () => {
    const v = VARIANTS['full-review'];
    const r = expectOk(applyAction(v, historyTo(v, 'review'), SUBMITTED, { action: 'pass', actorRoles: ['auditor', 'acceptor', 'reviewer'], at: at(9) }), 'pass');
    assert.equal(r.event.actorRole, 'reviewer');
    assert.equal(keyOf(r.state), 'recheck');
  });

  it('the system may close a 公示 period but not send it back to 审查', () => {
    const v = VARIANTS['engineer-registration'];
    const history = historyTo(v, 'notice');
    const state = caseState(v, history, SUBMITTED);
    assert.deepEqual(availableActions(v, state, ['system']).map((a) => a.key), ['close-notice']);
    assert.deepEqual(availableActions(v, state, ['publisher']).map((a) => a.key), ['return-to-review'], 'staff cannot cut a period short');
    const r = expectOk(applyAction(v, history, SUBMITTED, { action: 'close-notice', actorRoles: ['system'], at: at(20) }), 'close');
    assert.equal(r.event.actorRole, 'system');
    assert.equal(keyOf(r.state), 'announce');
    const stops = clockStops(pathOf(v, history, SUBMITTED));
    assert.deepEqual(stops.at(-1), { node: 'notice', from: history.at(-1)!.at });
    assert.deepEqual(clockStops(pathOf(v, [...history, r.event], SUBMITTED)).at(-1), { node: 'notice', from: history.at(-1)!.at, to: at(20) });
    const back = applyAction(v, history, SUBMITTED, { action: 'return-to-review', actorRoles: ['system'], opinion: '陈述成立', at: at(20) });
    assert.equal(back.ok ? 'ok' : back.code, 'WRONG_ROLE');
  });

  it('a 陈述 sends the case back to 审查 and through a new 公示', () => {
    const v = VARIANTS['full-review'];
    const history = historyTo(v, 'notice');
    const r = expectOk(applyAction(v, history, SUBMITTED, { action: 'return-to-review', actorRoles: ['publisher'], opinion: '陈述理由成立，重新审查。', at: at(20) }), 'return');
    assert.equal(keyOf(r.state), 'review');
    const again = [...history, r.event];
    for (const [i, [action, role, next]] of (
      [
        ['pass', 'reviewer', 'recheck'],
        ['pass', 'rechecker', 'pre-notice'],
        ['publish', 'publisher', 'notice'],
      ] as const
    ).entries()) {
      const s = expectOk(applyAction(v, again, SUBMITTED, { action, actorRoles: [role], at: at(21 + i) }), action);
      assert.equal(keyOf(s.state), next);
      again.push(s.event);
    }
  });

  it('availableActions lists what each actor may do at 受理 and 补正', () => {
    const v = VARIANTS.filing;
    const start = caseState(v, [], SUBMITTED);
    assert.deepEqual(availableActions(v, start, ['acceptor']).map((a) => a.key), ['accept', 'reject', 'request-correction']);
    assert.deepEqual(availableActions(v, start, ['applicant']).map((a) => a.key), ['withdraw']);
    assert.deepEqual(availableActions(v, start, ['reviewer', 'auditor']), []);
    const correction = caseState(v, historyTo(v, 'correction'), SUBMITTED);
    assert.deepEqual(availableActions(v, correction, ['applicant']).map((a) => a.key), ['resubmit', 'withdraw']);
    // The clerk may end a case whose 补正期限 has passed (the server checks the date).
    assert.deepEqual(availableActions(v, correction, ['acceptor']).map((a) => a.key), ['lapse']);
  });

  it('opinions are trimmed, optional ones may be omitted, and none is kept where none is asked', () => {
    const v = VARIANTS['full-review'];
    const a = expectOk(applyAction(v, [], SUBMITTED, { action: 'accept', actorRoles: ['acceptor'], at: at(0) }), 'accept');
    assert.deepEqual(a.event, { node: 'accept', action: 'accept', actorRole: 'acceptor', at: at(0) });
    const history = historyTo(v, 'issue');
    const i = expectOk(applyAction(v, history, SUBMITTED, { action: 'issue', actorRoles: ['issuer'], opinion: '多余', correctionItems: ['x'], at: at(30) }), 'issue');
    assert.deepEqual(i.event, { node: 'issue', action: 'issue', actorRole: 'issuer', at: at(30) });
    assert.equal(i.state.status === 'ended' && i.state.end.outcome, 'approved');
  });

  it('forward-mohurd cannot refuse: both opinions forward, each with its opinion', () => {
    const v = VARIANTS['forward-mohurd'];
    const review = findNode(v, 'review')!;
    assert.deepEqual(
      review.actions.map((a) => [a.key, a.label, a.to, a.opinion]),
      [
        ['pass', '同意并转报', 'end:forwarded', 'required'],
        ['fail', '不同意并转报', 'end:forwarded', 'required'],
        ['return', '退回受理', 'accept', 'required'],
      ],
    );
  });

  it('replaying an inconsistent history throws', () => {
    const v = VARIANTS['full-review'];
    const good = historyTo(v, 'recheck');
    const cases: [string, CaseEventInput[]][] = [
      ['wrong node', [{ ...good[0]!, node: 'review' }]],
      ['unknown action', [{ ...good[0]!, action: 'approve' }]],
      ['wrong role', [{ ...good[0]!, actorRole: 'reviewer' }]],
      ['admin role', [{ ...good[0]!, actorRole: 'auditor' }]],
      ['missing opinion', [{ node: 'accept', action: 'reject', actorRole: 'acceptor', at: at(0) }]],
      ['missing 补正 items', [{ node: 'accept', action: 'request-correction', actorRole: 'acceptor', opinion: '缺材料', at: at(0) }]],
      ['after the end', [{ node: 'accept', action: 'reject', actorRole: 'acceptor', opinion: '不属于本机关职权范围', at: at(0) }, good[0]!]],
      ['the submit event', [{ node: 'submit', action: 'submit', actorRole: 'applicant', at: SUBMITTED }]],
    ];
    for (const [name, history] of cases) {
      assert.throws(() => caseState(v, history, SUBMITTED), InconsistentHistoryError, name);
    }
    assert.throws(
      () => caseState(v, [good[0]!, { ...good[1]!, actorRole: 'acceptor' }], SUBMITTED),
      (e: unknown) => e instanceof InconsistentHistoryError && e.index === 1 && e.code === 'WRONG_ROLE',
    );
    assert.equal(keyOf(caseState(v, good, SUBMITTED)), 'recheck');
  });
});
