/**
 * Each 办事指南 says only what the form and the workflow offer: its 申请内容, materials (upload
 * slots) and limits (time limits, register periods, upload rules) are checked against the item
 * definition and its workflow variants, so a guide cannot promise a type, a material or a time
 * the system does not have, nor leave one out.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACCEPT_LIMIT_DAYS,
  CORRECTION_LIMIT_DAYS,
  DECISION_LIMIT_DAYS,
  ISSUE_LIMIT_DAYS,
  NOTICE_PERIOD_DAYS,
  getVariant,
  legalLimitDays,
  type NodeKind,
} from '../workflow/index.ts';
import { ITEMS } from './catalog.ts';
import { guideFacts, uploadRulesText } from './guide-facts.ts';
import type { ItemDefinition } from './types.ts';

/** Every text of a guide, with where it stands. */
function guideTexts(item: ItemDefinition, parts: readonly ('summary' | 'applicants' | 'conditions' | 'materials' | 'process')[] = ['summary', 'applicants', 'conditions', 'materials', 'process']): [string, string][] {
  const g = item.guide;
  const out: [string, string][] = [];
  if (parts.includes('summary')) out.push(['summary', g.summary]);
  if (parts.includes('applicants')) g.applicants.forEach((t, i) => out.push([`applicants[${i}]`, t]));
  if (parts.includes('conditions')) g.conditions.forEach((t, i) => out.push([`conditions[${i}]`, t]));
  if (parts.includes('materials')) g.materials.forEach((m, i) => out.push([`materials[${i}]`, `${m.name}。${m.note ?? ''}`]));
  if (parts.includes('process')) g.process.forEach((t, i) => out.push([`process[${i}]`, t]));
  return out;
}

/**
 * 申请内容 as guides name them in prose, and the words of the form's option each stands for (a
 * fragment of an ApplicationType label). `offered: null`: no form offers it as a 申请内容.
 */
const TYPE_TERMS: readonly { term: RegExp; offered: string | null }[] = [
  { term: /首次申请/, offered: '首次申请' },
  { term: /晋升/, offered: '晋升' },
  { term: /增加其他资质|增项/, offered: '增加' },
  { term: /延续/, offered: '延续' },
  { term: /名称变更|名称发生变化/, offered: '名称发生变化' },
  { term: /重新核定/, offered: '重新核定' },
  { term: /跨省变更|跨省、自治区、直辖市变更/, offered: '跨省' },
  { term: /注销/, offered: '注销' },
  { term: /初始注册/, offered: '初始注册' },
  { term: /变更注册/, offered: '变更注册' },
  { term: /更改|补办/, offered: '更改、补办' },
  { term: /预注册/, offered: '预注册' },
  { term: /备案/, offered: '备案' },
  // Changes the manual's 申请内容 do not include (only 名称变更 and 跨省变更 are offered).
  { term: /(地址|注册资本|法定代表人|技术负责人|经营范围)等?(发生)?变更/, offered: null },
  { term: /资质(升级|降级|转移|合并)/, offered: null },
];

const hasNode = (item: ItemDefinition, kind: NodeKind) => item.applicationTypes.some((t) => getVariant(t.workflow).nodes.some((n) => n.kind === kind));
/** Labels of the refusals an offered action can still reach (不予许可, 不予注册 …). */
const refusalLabels = (item: ItemDefinition): string[] => [
  ...new Set(
    item.applicationTypes.flatMap((t) => {
      const v = getVariant(t.workflow);
      const reachable = v.nodes.some((n) => n.actions.some((a) => a.to === 'end:rejected'));
      return reachable ? v.ends.filter((e) => e.key === 'end:rejected').map((e) => e.label) : [];
    }),
  ),
];

describe('办事指南 against the form and the workflow', () => {
  for (const item of ITEMS) {
    describe(item.code, () => {
      it('names every 申请内容 the wizard offers, and none it does not', () => {
        for (const [where, text] of guideTexts(item)) {
          for (const { term, offered } of TYPE_TERMS) {
            const found = term.exec(text)?.[0];
            if (!found) continue;
            assert.ok(offered !== null, `${where} offers “${found}”, which is no 申请内容 of any form: ${text}`);
            assert.ok(
              item.applicationTypes.some((t) => t.label.includes(offered)),
              `${where} mentions “${found}”, but the form offers no such 申请内容 (${item.applicationTypes.map((t) => t.label).join('、')})`,
            );
          }
        }
        for (const type of item.applicationTypes) {
          const terms = TYPE_TERMS.filter((x) => x.offered !== null && type.label.includes(x.offered));
          assert.ok(terms.length > 0, `no guide wording known for “${type.label}”: add it to TYPE_TERMS`);
          assert.ok(
            terms.some((x) => x.term.test(item.guide.summary)),
            `the summary omits the 申请内容 “${type.label}”: ${item.guide.summary}`,
          );
        }
        // The enumeration is complete: no “…等” after it implies more.
        assert.doesNotMatch(item.guide.summary, /申请内容包括[^。]*等。/, 'the list of 申请内容 is complete');
      });

      it('lists one material for each upload slot, and nothing that cannot be uploaded', () => {
        const slots = item.attachmentSlots;
        for (const m of item.guide.materials) {
          assert.ok(m.slot, `${m.name}: every material goes into an upload slot`);
          assert.ok(
            slots.some((s) => s.key === m.slot),
            `${m.name} → unknown slot ${m.slot}`,
          );
        }
        for (const s of slots) {
          assert.ok(
            item.guide.materials.some((m) => m.slot === s.key && m.name.includes(s.title)),
            `slot “${s.title}” has no material named after it`,
          );
        }
        assert.deepEqual(
          guideFacts(item).slots.map((s) => s.title),
          slots.map((s) => s.title),
        );
      });

      it('asks for PDF files only, one per slot, as the upload accepts', () => {
        for (const s of item.attachmentSlots) assert.equal(s.accept, 'application/pdf', s.key);
        for (const [where, text] of [...guideTexts(item), ...item.attachmentSlots.map((s): [string, string] => [`slot ${s.key}`, s.hint])]) {
          assert.doesNotMatch(text, /\b(Word|DOCX?|JPE?G|PNG|OFD|Excel|XLSX?|ZIP)\b|图片格式|照片格式|压缩包/i, `${where}: the upload takes PDF only`);
          if (/个文件/.test(text)) assert.match(text, /(限|只能上传)一个文件/, `${where}: one file per slot`);
        }
      });

      it('states the time limits the workflow counts', () => {
        const facts = guideFacts(item);
        assert.equal(item.guide.timeLimit.legalDays, DECISION_LIMIT_DAYS, '法定办结时限 (行政许可法 Art.42)');
        assert.equal(item.guide.timeLimit.promisedDays, facts.limitDays, '承诺办结时限 = what the case deadline counts (legalLimitDays)');
        assert.deepEqual(
          facts.types.map((t) => t.limitDays),
          item.applicationTypes.map((t) => legalLimitDays(getVariant(t.workflow))),
        );
        const known = new Set([ACCEPT_LIMIT_DAYS, DECISION_LIMIT_DAYS, CORRECTION_LIMIT_DAYS, ...facts.types.map((t) => t.limitDays)]);
        if (hasNode(item, 'issue')) known.add(ISSUE_LIMIT_DAYS);
        if (hasNode(item, 'notice')) known.add(NOTICE_PERIOD_DAYS);
        for (const [where, text] of guideTexts(item)) {
          for (const m of text.matchAll(/(\d+)个工作日/g)) {
            assert.ok(known.has(Number(m[1])), `${where}: ${m[0]} is no limit of this item's workflow (${[...known].join('、')}): ${text}`);
          }
        }
        const accept = item.guide.process.find((p) => p.startsWith('受理'));
        assert.ok(accept?.includes(`${ACCEPT_LIMIT_DAYS}个工作日`), `受理 within ${ACCEPT_LIMIT_DAYS} working days: ${accept}`);
      });

      it('states the register’s periods (validity, 延续 before expiry) and no others', () => {
        const register = item.result.register;
        for (const [where, text] of guideTexts(item)) {
          for (const m of text.matchAll(/届满(\d+)日前/g)) assert.equal(Number(m[1]), register?.renewBeforeDays, `${where}: ${m[0]}`);
          for (const m of text.matchAll(/有效期为(\d+)年/g)) assert.equal(Number(m[1]), register?.validityYears, `${where}: ${m[0]}`);
        }
      });

      it('describes only the stages and decisions its workflow has', () => {
        const texts = guideTexts(item, ['conditions', 'materials', 'process']);
        const says = (re: RegExp) => texts.some(([, t]) => re.test(t));
        assert.equal(says(/公示/), hasNode(item, 'notice'), '公示');
        assert.equal(says(/陈述/), hasNode(item, 'notice'), '陈述 during the 公示');
        assert.equal(says(/公告/), hasNode(item, 'announce'), '公告');
        assert.equal(says(/专家评审/), hasNode(item, 'expert-review'), '专家评审');
        // A refusal is named only where an action still leads to one (a filing has none).
        const refusals = refusalLabels(item);
        for (const word of ['不予许可', '不予注册', '不予备案', '不予变更', '不予注销']) {
          if (says(new RegExp(word))) assert.ok(refusals.includes(word), `${word} is no decision of this item (${refusals.join('、') || 'none'})`);
        }
        assert.equal(refusals.some((w) => says(new RegExp(w))), refusals.length > 0, 'a refusal the workflow can reach is explained');
        assert.ok(says(/补正/), '补正 (every workflow has it)');
      });
    });
  }

  it('the upload rules name the size limit the server enforces when it is known', () => {
    assert.equal(uploadRulesText(), '附件要求：PDF 格式，每个附件栏只能上传一个文件，文件不得设置打开密码。');
    assert.equal(uploadRulesText(100), '附件要求：PDF 格式，每个附件栏只能上传一个文件，文件不得设置打开密码，单个文件不超过 100 MB。');
  });

  it('the 外埠 filing promises 予以备案 or 退回补正 within its limit, never 不予备案', () => {
    const item = ITEMS.find((i) => i.code === 'nonlocal-filing')!;
    const process = item.guide.process.join('');
    assert.match(process, /予以备案/);
    assert.match(process, /退回补正/);
    assert.match(process, new RegExp(`核对：在${guideFacts(item).limitDays}个工作日内`));
    assert.match(process, new RegExp(item.result.title), 'names its result document');
    assert.doesNotMatch(process, /不予备案|回执/);
  });
});
