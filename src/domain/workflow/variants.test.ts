import { isAdminRole } from '../roles.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ITEMS } from '../items/index.ts';
import { STAFF_ROLES } from '../roles.ts';
import {
  ACCEPT_LIMIT_DAYS,
  CORRECTION_LIMIT_DAYS,
  DECISION_LIMIT_DAYS,
  ISSUE_LIMIT_DAYS,
  VARIANTS,
  WORKFLOW_VARIANT_NAMES,
  checkVariant,
  findEnd,
  findNode,
  flowChart,
  getVariant,
  isEndKey,
  legalLimitDays,
  listQueues,
} from './index.ts';
import type { EndKey, NodeDefinition, WorkflowVariant, WorkflowVariantName } from './index.ts';

const ALL = WORKFLOW_VARIANT_NAMES.map((name) => VARIANTS[name]);

/** Main path (flowChart) of each variant and its end, as REFERENCE §1.1.5 and variant-names describe. */
const MAIN_PATHS: Record<WorkflowVariantName, { nodes: string[]; end: EndKey; labels: string[] }> = {
  'full-review': {
    nodes: ['accept', 'review', 'recheck', 'pre-notice', 'notice', 'announce', 'issue'],
    end: 'end:approved',
    labels: ['受理', '审查', '复核', '拟公示', '公示', '公告', '制证'],
  },
  'document-check': { nodes: ['accept', 'review', 'issue'], end: 'end:approved', labels: ['受理', '审查（材料核对）', '制证'] },
  'forward-mohurd': { nodes: ['accept', 'review'], end: 'end:forwarded', labels: ['受理', '审查（核对并转报）'] },
  cancel: { nodes: ['accept', 'review', 'announce'], end: 'end:cancelled', labels: ['受理', '审查', '公告'] },
  'engineer-registration': {
    nodes: ['accept', 'review', 'pre-notice', 'notice', 'announce', 'issue'],
    end: 'end:approved',
    labels: ['受理', '审查', '拟公示', '公示', '公告', '制证'],
  },
  'engineer-reissue': { nodes: ['accept', 'review', 'issue'], end: 'end:approved', labels: ['受理', '审查', '制证'] },
  'engineer-cancel': { nodes: ['accept', 'review', 'announce'], end: 'end:cancelled', labels: ['受理', '审查', '公告'] },
  filing: { nodes: ['accept', 'review'], end: 'end:filed', labels: ['受理', '核对'] },
};

/** Ends each variant defines (every one must be reachable). */
const ENDS: Record<WorkflowVariantName, string[]> = {
  'full-review': ['end:approved', 'end:rejected', 'end:not-accepted', 'end:withdrawn'],
  'document-check': ['end:approved', 'end:rejected', 'end:not-accepted', 'end:withdrawn'],
  'forward-mohurd': ['end:forwarded', 'end:not-accepted', 'end:withdrawn'],
  cancel: ['end:cancelled', 'end:rejected', 'end:not-accepted', 'end:withdrawn'],
  'engineer-registration': ['end:approved', 'end:rejected', 'end:not-accepted', 'end:withdrawn'],
  'engineer-reissue': ['end:approved', 'end:rejected', 'end:not-accepted', 'end:withdrawn'],
  'engineer-cancel': ['end:cancelled', 'end:rejected', 'end:not-accepted', 'end:withdrawn'],
  filing: ['end:filed', 'end:rejected', 'end:not-accepted', 'end:withdrawn'],
};

/** Variants deciding a 行政许可 (Art.42) or forwarding one (Art.43): exactly 20 days. */
const FILINGS: readonly WorkflowVariantName[] = ['filing'];

/** Ends only a retired action leads to: kept so that cases closed that way still display. */
const RETIRED_ENDS: Partial<Record<WorkflowVariantName, string[]>> = { filing: ['end:rejected'] };

const HAN = /\p{Script=Han}/u;
const ASCII_PUNCT = /[,.;:!?()[\]"']/;

function reachable(v: WorkflowVariant): Set<string> {
  const seen = new Set<string>();
  const queue = [v.start];
  while (queue.length > 0) {
    const key = queue.shift()!;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!isEndKey(key)) for (const a of findNode(v, key)?.actions ?? []) queue.push(a.to);
  }
  return seen;
}

describe('workflow variants: structure', () => {
  it('there is exactly one variant per name in variant-names.ts, named after its key', () => {
    assert.deepEqual(Object.keys(VARIANTS).sort(), [...WORKFLOW_VARIANT_NAMES].sort());
    for (const name of WORKFLOW_VARIANT_NAMES) assert.equal(VARIANTS[name].name, name);
  });

  for (const v of ALL) {
    describe(v.name, () => {
      it('passes checkVariant', () => assert.deepEqual(checkVariant(v), []));

      it('every node has at least one action, unique keys, and every target resolves', () => {
        assert.equal(new Set(v.nodes.map((n) => n.key)).size, v.nodes.length);
        for (const node of v.nodes) {
          assert.ok(node.actions.length >= 1, node.key);
          assert.equal(new Set(node.actions.map((a) => a.key)).size, node.actions.length, node.key);
          for (const a of node.actions) {
            const target = isEndKey(a.to) ? findEnd(v, a.to) : findNode(v, a.to);
            assert.ok(target, `${node.key}.${a.key} → ${a.to}`);
          }
        }
      });

      it('every node and every end is reachable from the start', () => {
        const seen = reachable(v);
        for (const n of v.nodes) assert.ok(seen.has(n.key), n.key);
        assert.deepEqual(v.ends.map((e) => e.key).sort(), [...ENDS[v.name]].sort());
        // An end only a retired action leads to (外埠备案's 不予备案) is kept for closed cases.
        const retired = new Set(v.nodes.flatMap((n) => (n.retiredActions ?? []).map((a) => a.to)));
        for (const e of v.ends) assert.ok(seen.has(e.key) || retired.has(e.key), e.key);
        assert.deepEqual([...retired].filter((k) => !seen.has(k)), RETIRED_ENDS[v.name] ?? [], 'ends kept for history only');
      });

      it('starts at the 受理 node, first in the list, with 受理, 不予受理 and 补正', () => {
        const first = v.nodes[0]!;
        assert.equal(v.start, first.key);
        assert.equal(first.kind, 'accept');
        assert.equal(first.label, '受理');
        assert.equal(first.role, 'acceptor');
        assert.equal(first.timeLimitDays, ACCEPT_LIMIT_DAYS);
        assert.equal(first.clock, 'runs');
        const byKey = Object.fromEntries(first.actions.map((a) => [a.key, a]));
        assert.deepEqual(
          { label: byKey.accept?.label, to: byKey.accept?.to, negative: byKey.accept?.negative },
          { label: '受理', to: MAIN_PATHS[v.name].nodes[1], negative: undefined },
        );
        assert.deepEqual(
          { label: byKey.reject?.label, to: byKey.reject?.to, opinion: byKey.reject?.opinion, negative: byKey.reject?.negative },
          { label: '不予受理', to: 'end:not-accepted', opinion: 'required', negative: true },
        );
        const correction = byKey['request-correction'];
        assert.equal(correction?.label, '补正');
        assert.equal(correction?.requestsCorrection, true);
        assert.equal(correction?.opinion, 'required');
        const node = findNode(v, correction.to);
        assert.ok(node);
        assert.equal(node.role, 'applicant');
        assert.equal(node.clock, 'stopped');
        assert.deepEqual(
          node.actions.find((a) => a.key === 'resubmit'),
          { key: 'resubmit', label: '重新提交', to: v.start, opinion: 'optional' },
        );
      });

      it('negative actions require an opinion; only 补正 requests correction', () => {
        for (const node of v.nodes) {
          for (const a of node.actions) {
            if (a.negative) assert.equal(a.opinion, 'required', `${node.key}.${a.key}`);
            if (a.requestsCorrection) assert.equal(a.key, 'request-correction');
          }
        }
      });

      it('review nodes offer 通过 and 不通过 (a filing: 退回补正 instead); 复核 不通过 ends in 不予许可', () => {
        for (const node of v.nodes.filter((n) => n.kind === 'review' || n.kind === 'recheck')) {
          const pass = node.actions.find((a) => a.key === 'pass');
          const fail = node.actions.find((a) => a.key === 'fail');
          assert.ok(pass && !pass.negative, node.key);
          if (FILINGS.includes(v.name)) {
            // A filing is acknowledged, not approved: nothing but 不予受理 refuses it.
            assert.equal(fail, undefined, node.key);
            assert.ok(node.actions.every((a) => !(a.negative && a.to.startsWith('end:'))), node.key);
            assert.equal(node.actions.find((a) => a.requestsCorrection)?.to, 'correction', `${node.key} 退回补正`);
          } else assert.ok(fail?.negative, node.key);
          assert.ok(node.actions.some((a) => a.key === 'return' && a.negative), `${node.key} 退回`);
        }
        const recheck = findNode(v, 'recheck');
        if (recheck) assert.equal(recheck.actions.find((a) => a.key === 'fail')?.to, 'end:rejected');
      });

      it('公示 is closed by the system only and may return to 审查; the clock stops; publishing goes through batches', () => {
        const notice = findNode(v, 'notice');
        if (!notice) return;
        assert.equal(notice.clock, 'stopped');
        assert.deepEqual(notice.actions.find((a) => a.key === 'close-notice')?.roles, ['system']);
        assert.equal(findNode(v, 'pre-notice')?.actions.find((a) => a.key === 'publish')?.batch, 'notice');
        assert.ok(findNode(v, 'announce')?.actions.every((a) => a.batch === 'announcement'));
        assert.equal(notice.actions.find((a) => a.key === 'close-notice')?.to, 'announce');
        assert.equal(notice.actions.find((a) => a.key === 'return-to-review')?.to, 'review');
      });

      it('applicant-facing text is Chinese with full-width punctuation', () => {
        const texts: [string, string][] = [
          [`${v.name} label`, v.label],
          ...v.nodes.flatMap((n): [string, string][] => [
            [`${n.key} label`, n.label],
            [`${n.key} applicantStatus`, n.applicantStatus],
            ...(n.queue ? [[`${n.key} queue`, n.queue] as [string, string]] : []),
            ...n.actions.map((a): [string, string] => [`${n.key}.${a.key} label`, a.label]),
          ]),
          ...v.ends.flatMap((e): [string, string][] => [
            [`${e.key} label`, e.label],
            [`${e.key} applicantStatus`, e.applicantStatus],
          ]),
        ];
        for (const [where, text] of texts) {
          assert.ok(text.trim().length > 0, where);
          assert.match(text, HAN, where);
          assert.doesNotMatch(text, ASCII_PUNCT, where);
        }
      });

      it('end keys match their outcome', () => {
        for (const e of v.ends) assert.equal(e.key, `end:${e.outcome}`);
      });

      it('flowChart follows the main path to its end', () => {
        const chart = flowChart(v);
        const expected = MAIN_PATHS[v.name];
        assert.deepEqual(chart.nodes.map((n) => n.key), expected.nodes);
        assert.deepEqual(chart.nodes.map((n) => n.label), expected.labels);
        assert.equal(chart.end.key, expected.end);
        assert.deepEqual(
          chart.detours.map((n) => n.key),
          v.nodes.filter((n) => !expected.nodes.includes(n.key)).map((n) => n.key),
        );
        assert.ok(chart.detours.some((n) => n.kind === 'correction'));
      });

      it('time limits: 受理 5, 制证 10, decision ≤ 20 (exactly 20 for a 行政许可)', () => {
        const limit = legalLimitDays(v);
        assert.ok(limit <= DECISION_LIMIT_DAYS, `${limit}`);
        if (FILINGS.includes(v.name)) assert.ok(limit > 0 && limit < DECISION_LIMIT_DAYS);
        else assert.equal(limit, DECISION_LIMIT_DAYS);
        for (const n of v.nodes) {
          if (n.kind === 'issue') assert.equal(n.timeLimitDays, ISSUE_LIMIT_DAYS);
          if (n.clock === 'runs') assert.ok(Number.isInteger(n.timeLimitDays) && n.timeLimitDays! > 0, `${n.key} has a limit`);
          if (n.kind === 'correction' || n.kind === 'expert-review' || n.kind === 'notice') assert.equal(n.clock, 'stopped', n.key);
          if (n.role !== 'applicant') assert.ok(n.queue, `${n.key} has a staff queue`);
          // An applicant's node is in a queue only where a staff role watches it (补正中, 受理).
          else assert.equal(n.queue === undefined, n.watchedBy === undefined, n.key);
          if (n.kind === 'correction') assert.deepEqual([n.watchedBy, n.timeLimitDays], ['acceptor', CORRECTION_LIMIT_DAYS], 'the 补正期限 is watched by 受理');
        }
      });
    });
  }

  it('a node key means the same node in every variant (kind, role, queue, clock)', () => {
    const byKey = new Map<string, NodeDefinition>();
    for (const v of ALL) {
      for (const n of v.nodes) {
        const first = byKey.get(n.key) ?? n;
        byKey.set(n.key, first);
        assert.deepEqual(
          { kind: n.kind, role: n.role, queue: n.queue, clock: n.clock },
          { kind: first.kind, role: first.role, queue: first.queue, clock: first.clock },
          `${v.name}/${n.key}`,
        );
      }
    }
  });

  it('only 公示 variants have 公示, only full-review has 复核 and 专家评审', () => {
    const has = (kind: string) => ALL.filter((v) => v.nodes.some((n) => n.kind === kind)).map((v) => v.name);
    assert.deepEqual(has('notice'), ['full-review', 'engineer-registration']);
    assert.deepEqual(has('recheck'), ['full-review']);
    assert.deepEqual(has('expert-review'), ['full-review']);
    assert.deepEqual(has('announce'), ['full-review', 'cancel', 'engineer-registration', 'engineer-cancel']);
    assert.deepEqual(has('issue'), ['full-review', 'document-check', 'engineer-registration', 'engineer-reissue']);
  });

  it('every role acting at a node is a staff role, the applicant or the system', () => {
    for (const v of ALL) {
      for (const n of v.nodes) {
        for (const r of [n.role, ...n.actions.flatMap((a) => a.roles ?? [])]) {
          assert.ok(Object.hasOwn(STAFF_ROLES, r) || r === 'applicant' || r === 'system', `${v.name}/${n.key}: ${r}`);
          assert.ok(!isAdminRole(r), `${v.name}/${n.key}: 管理员 never acts on cases`);
        }
      }
    }
  });

  it('listQueues gives each staff queue once, in workflow order', () => {
    assert.deepEqual(
      listQueues().map((q) => [q.queue, q.role, q.nodeKeys]),
      [
        ['待受理', 'acceptor', ['accept']],
        ['补正中', 'acceptor', ['correction']],
        ['待审查', 'reviewer', ['review']],
        ['专家评审中', 'reviewer', ['expert-review']],
        ['待复核', 'rechecker', ['recheck']],
        ['待公示', 'publisher', ['pre-notice']],
        ['公示中', 'publisher', ['notice']],
        ['待公告', 'publisher', ['announce']],
        ['待制证', 'issuer', ['issue']],
      ],
    );
  });

  it('getVariant returns a variant by name and throws for anything else', () => {
    assert.equal(getVariant('filing'), VARIANTS.filing);
    assert.throws(() => getVariant('nonsense'), /Unknown workflow variant/);
    assert.throws(() => getVariant('__proto__'), /Unknown workflow variant/);
    assert.throws(() => getVariant('toString'), /Unknown workflow variant/);
  });

  it('checkVariant reports broken definitions', () => {
    const base = VARIANTS['document-check'];
    const broken: WorkflowVariant = {
      ...base,
      start: 'review',
      nodes: [
        ...base.nodes.map((n) =>
          n.key === 'issue'
            ? { ...n, actions: [] }
            : n.key === 'review'
              ? { ...n, actions: [...n.actions, { key: 'x', label: '错误', to: 'nowhere', opinion: 'none' as const, negative: true }] }
              : n,
        ),
        { ...base.nodes[1]!, key: 'orphan' },
      ],
      ends: [...base.ends, { key: 'end:filed', label: '已备案', applicantStatus: '已备案', outcome: 'filed' }],
    };
    const problems = checkVariant(broken);
    for (const expected of [
      'the start must be the first node and a 受理 node',
      'issue: no actions',
      'review.x: unknown target nowhere',
      'review.x: negative action without a required opinion',
      'orphan is unreachable',
      'end:filed is unreachable',
    ]) {
      assert.ok(problems.includes(expected), `${expected} in ${JSON.stringify(problems)}`);
    }
  });
});

describe('workflow variants: items', () => {
  it('every application type of every item maps to an existing variant', () => {
    let count = 0;
    for (const item of ITEMS) {
      for (const t of item.applicationTypes) {
        assert.ok(Object.hasOwn(VARIANTS, t.workflow), `${item.code}/${t.value} → ${t.workflow}`);
        assert.deepEqual(checkVariant(getVariant(t.workflow)), []);
        count++;
      }
    }
    assert.equal(count, 8 + 8 + 6 + 1);
  });

  it('every variant is used by some application type', () => {
    const used = new Set(ITEMS.flatMap((i) => i.applicationTypes.map((t) => t.workflow)));
    assert.deepEqual([...used].sort(), [...WORKFLOW_VARIANT_NAMES].sort());
  });

  it('no variant promises more than the item’s legal time limit', () => {
    for (const item of ITEMS) {
      for (const t of item.applicationTypes) {
        assert.ok(legalLimitDays(VARIANTS[t.workflow]) <= item.guide.timeLimit.legalDays, `${item.code}/${t.value}`);
      }
    }
  });
});
