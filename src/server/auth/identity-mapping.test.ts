import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.ts';
import { BUNDLED_CLAIM_MAP, claimMapWarnings, loadClaimMapFile, parseClaimMap, resolveClaim } from './identity-mapping.ts';
import { createIssuers } from './issuers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'zizhi-map-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const problemsOf = (input: unknown) => {
  const parsed = parseClaimMap(input);
  assert.equal(parsed.ok, false, 'expected the map to be refused');
  return parsed.ok ? [] : parsed.problems;
};

test('a full mapping is accepted; kind values become text, the scope defaults to the standard ones', () => {
  const parsed = parseClaimMap({
    kind: { claim: 'user.type', legal: [2, 'corp'], natural: [1] },
    claims: { uscc: ['https://id.example.gov.cn/claims', 'uscc'], orgName: 'org.name' },
    idTypes: { '111': '居民身份证' },
  });
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.map, {
    scope: 'openid profile email phone',
    kind: { claim: 'user.type', legal: ['2', 'corp'], natural: ['1'] },
    claims: { uscc: ['https://id.example.gov.cn/claims', 'uscc'], orgName: 'org.name' },
    idTypes: { '111': '居民身份证' },
  });
});

test('each problem names its key', () => {
  assert.deepEqual(problemsOf({ claims: { uscc: '' } }), ['claims.uscc: 应为声明名称（如 "uscc"）、以“.”分隔的路径（如 "user.org.uscc"）或名称数组']);
  assert.match(problemsOf({ claims: {}, scope: 'profile email' })[0]!, /^scope: 必须包含 openid/);
  assert.match(problemsOf({ claims: {}, kind: { claim: 'type' } })[0]!, /^kind\.legal: /);
  assert.match(problemsOf({ claims: {}, kind: { claim: 't', legal: ['1'], natural: ['1'] } })[0]!, /^kind: 取值 1 不能同时表示法人和自然人/);
  assert.match(problemsOf({ claims: {}, idTypes: { '111': '身份证' } })[0]!, /^idTypes\.111: 应为以下证件类型之一/);
  assert.match(problemsOf({})[0]!, /^claims: /);
  assert.match(problemsOf([])[0]!, /./);
});

test('staff kind and roles cannot be mapped from an external issuer', () => {
  assert.match(problemsOf({ claims: { roles: 'roles' } })[0]!, /^claims: claims 中不认识的键：roles.*工作人员岗位不从外部身份认证读取/);
  assert.match(problemsOf({ claims: {}, roles: 'groups' })[0]!, /不认识的键：roles/);
  assert.match(problemsOf({ claims: {}, kind: { claim: 't', legal: ['1'], staff: ['9'] } })[0]!, /^kind: kind 中不认识的键：staff/);
});

test('the file: missing, not JSON, or a bad map', () => {
  assert.deepEqual(loadClaimMapFile(path.join(dir, 'nope.json')), { ok: false, problems: [`无法读取声明映射文件 ${path.join(dir, 'nope.json')}（ENOENT）`] });
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, '{ "claims": { ');
  const notJson = loadClaimMapFile(bad);
  assert.ok(!notJson.ok && /不是有效的 JSON/.test(notJson.problems[0]!));
  const bom = path.join(dir, 'bom.json');
  writeFileSync(bom, '\uFEFF{ "claims": { "name": "cn" } }');
  assert.ok(loadClaimMapFile(bom).ok, 'a UTF-8 BOM (Windows editors) is fine');
});

test('the configuration names OIDC_CLAIM_MAP and the key in its problems, with the other variables’ at once', () => {
  const file = path.join(dir, 'typo.json');
  writeFileSync(file, JSON.stringify({ claims: { uscc: 42 } }));
  assert.throws(
    () => loadConfig({ OIDC_ISSUER: 'https://id.example.gov.cn', OIDC_CLIENT_ID: 'zizhi', OIDC_CLAIM_MAP: file, PORT: 'x' }),
    (error: Error & { problems?: string[] }) => {
      const problems = error.problems ?? [];
      assert.equal(problems.length, 3, problems.join('\n'));
      assert.ok(problems.some((p) => p.startsWith('OIDC_CLAIM_MAP: claims.uscc: ') && p.includes(file)));
      assert.ok(problems.some((p) => p.startsWith('OIDC_CLIENT_SECRET: ')));
      assert.ok(problems.some((p) => p.startsWith('PORT: ')));
      return true;
    },
  );
});

test('claims are read by name or by path; a name with dots wins; objects, empty text and prototypes are not values', () => {
  const claims = { 'a.b': 'flat', a: { b: 'nested', n: 2, t: true, o: {}, e: '  ' }, list: ['x'] };
  assert.equal(resolveClaim(claims, 'a.b'), 'flat');
  assert.equal(resolveClaim(claims, ['a', 'b']), 'nested');
  assert.equal(resolveClaim(claims, 'a.n'), '2');
  assert.equal(resolveClaim(claims, 'a.t'), 'true');
  assert.equal(resolveClaim(claims, 'a.o'), undefined);
  assert.equal(resolveClaim(claims, 'a.e'), undefined);
  assert.equal(resolveClaim(claims, 'list'), undefined);
  assert.equal(resolveClaim(claims, 'a.constructor'), undefined);
  assert.equal(resolveClaim(claims, '__proto__.toString'), undefined);
  assert.equal(resolveClaim(claims, undefined), undefined);
});

test('start-up warnings: a map that cannot identify enterprises says so; the bundled one says nothing', () => {
  assert.deepEqual(claimMapWarnings(BUNDLED_CLAIM_MAP), []);
  const [first] = claimMapWarnings({ scope: 'openid', claims: { name: 'nickname', idNumber: 'cert' } });
  assert.match(first!, /无法识别企业（法人）用户，企业事项的登录将被拒绝/);
  assert.match(claimMapWarnings({ scope: 'openid', kind: { claim: 't', legal: ['2'] }, claims: { name: 'n', idNumber: 'i' } })[0]!, /claims\.uscc/);
});

test('issuers: applicants at the external issuer without staff, staff at the bundled one; the warnings are handed to the log', () => {
  const file = path.join(dir, 'people.json');
  writeFileSync(file, JSON.stringify({ claims: { name: 'nickname' } }));
  const config = loadConfig({ PUBLIC_URL: 'https://zizhi.example.gov.cn', OIDC_ISSUER: 'https://id.example.gov.cn/oidc', OIDC_CLIENT_ID: 'zizhi', OIDC_CLIENT_SECRET: 's', OIDC_CLAIM_MAP: file });
  const issuers = createIssuers({ config, bundledClientSecret: 'x', inProcess: {} as FastifyInstance });
  assert.equal(issuers.applicant.rp.issuer, 'https://id.example.gov.cn/oidc');
  assert.deepEqual([issuers.applicant.rules.staff, issuers.applicant.rules.applicants, issuers.applicant.bundled], [false, true, false]);
  assert.equal(issuers.staff.rp.issuer, 'https://zizhi.example.gov.cn/idp');
  assert.deepEqual([issuers.staff.rules.staff, issuers.staff.rules.applicants, issuers.staff.bundled], [true, false, true]);
  assert.ok(issuers.warnings.some((w) => /无法识别企业/.test(w)));
  const bundled = createIssuers({ config: loadConfig({}), bundledClientSecret: 'x', inProcess: {} as FastifyInstance });
  assert.equal(bundled.applicant, bundled.staff);
  assert.deepEqual(bundled.warnings, []);
});
