import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AUDIT_ACTION_LABELS, auditActionLabel } from '../../domain/audit-actions.ts';
import { VARIANTS } from '../../domain/workflow/index.ts';
import { CSV_HEADER, csvField, csvLine, shanghaiTime } from './audit.presenter.ts';

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return sources(file);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [file] : [];
  });
}

/** Every action code the server writes: literals on lines naming an action, plus the two templates. */
function writtenActions(): Set<string> {
  const found = new Set<string>();
  const templates = new Set<string>();
  for (const file of sources(SERVER)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!/\baction\b/.test(line)) continue;
      for (const m of line.matchAll(/'([a-z]{2,}\.[a-z-]+)'/g)) found.add(m[1]!);
      for (const m of line.matchAll(/action: `([^`]*\$\{[^`]*)`/g)) templates.add(m[1]!);
    }
  }
  // The templates: `case.${workflow action}` and `${notice kind}.publish`. A new one fails here.
  assert.deepEqual([...templates].sort(), ['${input.kind}.publish', 'case.${result.event.action}']);
  for (const kind of ['notice', 'announcement']) found.add(`${kind}.publish`);
  for (const variant of Object.values(VARIANTS)) {
    for (const node of variant.nodes) for (const a of [...node.actions, ...(node.retiredActions ?? [])]) found.add(`case.${a.key}`);
  }
  return found;
}

test('every action the server writes to the audit log has a Chinese name', () => {
  const actions = writtenActions();
  assert.ok(actions.size > 40, `${actions.size} actions found`);
  const missing = [...actions].filter((a) => !Object.hasOwn(AUDIT_ACTION_LABELS, a));
  assert.deepEqual(missing, [], 'add these to src/domain/audit-actions.ts');
  const stale = Object.keys(AUDIT_ACTION_LABELS).filter((a) => !actions.has(a));
  assert.deepEqual(stale, [], 'the page offers actions nothing writes');
  for (const label of Object.values(AUDIT_ACTION_LABELS)) assert.match(label, /\p{Script=Han}/u);
  assert.equal(auditActionLabel('case.accept'), '受理');
  assert.equal(auditActionLabel('application.submit'), '提交申请');
  assert.equal(auditActionLabel('case.extension-approve'), '批准延期');
  assert.equal(auditActionLabel('rating.submit'), '服务评价');
  assert.equal(auditActionLabel('something.new'), 'something.new', 'an unknown action shows its code');
  assert.equal(auditActionLabel('constructor'), 'constructor');
});

test('CSV fields: quoted when needed, formulas neutralised', () => {
  assert.equal(csvField('张三（受理）'), '张三（受理）');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"\n'), '"say ""hi""\n"');
  for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) assert.ok(csvField(formula).replace(/^"/, '').startsWith(`'`), formula);
  assert.equal(csvLine(CSV_HEADER), '时间,操作人,登录名,操作,操作代码,结果,对象,对象标识,来源地址,请求编号,详情\r\n');
  assert.equal(shanghaiTime('2026-11-27T16:30:05.123Z'), '2026-11-28 00:30:05');
});
