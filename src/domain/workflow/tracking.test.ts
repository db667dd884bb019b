import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANTS, pathOf, publicationsOf, trackOf, type CaseEventInput } from './index.ts';

const SUBMITTED = '2026-03-02T01:00:00.000Z';
const at = (i: number) => new Date(Date.parse(SUBMITTED) + (i + 1) * 3_600_000).toISOString();
const ev = (i: number, node: string, action: string, actorRole: CaseEventInput['actorRole'], opinion?: string): CaseEventInput => ({
  node,
  action,
  actorRole,
  at: at(i),
  ...(opinion ? { opinion } : {}),
  ...(action === 'request-correction' ? { correctionItems: ['attachments.applicationForm'] } : {}),
});

function track(variant: keyof typeof VARIANTS, history: CaseEventInput[]) {
  const v = VARIANTS[variant];
  return trackOf(v, pathOf(v, history, SUBMITTED));
}

const summary = (t: ReturnType<typeof track>) => t.nodes.map((n) => `${n.label}:${n.status}`).join(' → ') + ` ⇒ ${t.end.label}:${t.end.status}`;

describe('流程跟踪', () => {
  it('an enterprise 首次申请 in 审查: 受理 done, 审查 current, the rest ahead', () => {
    const t = track('full-review', [ev(0, 'accept', 'accept', 'acceptor')]);
    assert.equal(summary(t), '受理:done → 审查:current → 复核:ahead → 拟公示:ahead → 公示:ahead → 公告:ahead → 制证:ahead ⇒ 准予许可:ahead');
    assert.equal(t.nodes[0]!.leftAt, at(0));
    assert.equal(t.nodes[1]!.enteredAt, at(0));
    assert.equal(t.nodes[1]!.leftAt, undefined);
  });

  it('an engineer 注销注册 has its own, shorter chart', () => {
    const t = track('engineer-cancel', []);
    assert.equal(summary(t), '受理:current → 审查:ahead → 公告:ahead ⇒ 已注销:ahead');
  });

  it('a 补正 detour appears after 受理, done once resubmitted', () => {
    const t = track('full-review', [
      ev(0, 'accept', 'request-correction', 'acceptor', '申请表缺页'),
      ev(1, 'correction', 'resubmit', 'applicant'),
    ]);
    assert.equal(summary(t).split(' → ').slice(0, 3).join(' → '), '受理:current → 补正:done → 审查:ahead');
    assert.equal(t.nodes[1]!.detour, true);
  });

  it('while waiting for 补正 the detour is the current node', () => {
    const t = track('filing', [ev(0, 'accept', 'request-correction', 'acceptor', '承诺书未盖章')]);
    assert.equal(summary(t), '受理:done → 补正:current → 核对:ahead ⇒ 已备案:ahead');
  });

  it('不予受理 ends the case early: the rest of the path is skipped and the end shown is the real one', () => {
    const t = track('full-review', [ev(0, 'accept', 'reject', 'acceptor', '不属于本机关职权范围')]);
    assert.match(summary(t), /^受理:done → 审查:skipped → .* ⇒ 不予受理:reached$/);
    assert.equal(t.end.outcome, 'not-accepted');
    assert.equal(t.end.at, at(0));
  });

  it('a 办结 filing: every node done, the end reached', () => {
    const t = track('filing', [ev(0, 'accept', 'accept', 'acceptor'), ev(1, 'review', 'pass', 'reviewer')]);
    assert.equal(summary(t), '受理:done → 核对:done ⇒ 已备案:reached');
  });
});

describe('流程跟踪 tabs: 公示 and 公告 only where the variant has them', () => {
  it('reads the nodes, not the item', () => {
    const of = (name: keyof typeof VARIANTS) => publicationsOf(VARIANTS[name]);
    assert.deepEqual(of('full-review'), { notice: true, announcement: true });
    assert.deepEqual(of('engineer-registration'), { notice: true, announcement: true });
    assert.deepEqual(of('cancel'), { notice: false, announcement: true });
    assert.deepEqual(of('document-check'), { notice: false, announcement: false });
    assert.deepEqual(of('forward-mohurd'), { notice: false, announcement: false });
    assert.deepEqual(of('filing'), { notice: false, announcement: false });
  });
});
