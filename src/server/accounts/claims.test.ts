import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idNumberCheckChar, orgCodeCheckChar, usccCheckChar } from '../../domain/identifiers/index.ts';
import { BUNDLED_CLAIM_MAP, type ClaimMap } from '../auth/identity-mapping.ts';
import { accountFromClaims, type IdentityRules } from './claims.ts';

const today = new Date('2026-11-27T02:00:00Z');
const USCC = (() => {
  const first17 = `91110108MA01D3M0${orgCodeCheckChar('MA01D3M0')}`;
  return first17 + usccCheckChar(first17);
})();
const ID = (() => {
  const first17 = '11010519850307123';
  return first17 + idNumberCheckChar(first17);
})();
const CITY: ClaimMap = {
  scope: 'openid',
  kind: { claim: 'user.type', legal: ['2'], natural: ['1'] },
  claims: { orgName: 'user.org', uscc: 'user.code', name: 'user.name', idType: 'user.ct', idNumber: 'user.cn', mobile: 'user.tel', email: 'user.mail' },
  idTypes: { '111': '居民身份证', '414': '护照' },
};
const bundledBoth: IdentityRules = { map: BUNDLED_CLAIM_MAP, staff: true, applicants: true, today };
const external: IdentityRules = { map: CITY, staff: false, applicants: true, today };
const map = (claims: Record<string, unknown>, rules: IdentityRules = external) => accountFromClaims('https://id.example', { sub: 's-1', ...claims }, rules);

test('the bundled identity provider: staff with their granted roles, unknown roles dropped', () => {
  const r = map({ account_kind: 'staff', name: '李受理', roles: ['acceptor', 'root'], phone_number: '13900000001' }, bundledBoth);
  assert.deepEqual(r, {
    ok: true,
    account: { issuer: 'https://id.example', subject: 's-1', kind: 'staff', displayName: '李受理', profile: { name: '李受理', mobile: '13900000001' }, roles: ['acceptor'] },
  });
});

test('the bundled identity provider: an enterprise and an engineer as before', () => {
  const legal = map({ account_kind: 'legal', name: '示范公司', org_name: '示范公司', uscc: USCC, legal_rep: '陈法人', agent_name: '刘经办', email: 'a@b.cn' }, bundledBoth);
  assert.ok(legal.ok);
  assert.deepEqual(legal.account.profile, { orgName: '示范公司', uscc: USCC, legalRep: '陈法人', agentName: '刘经办', name: '示范公司', email: 'a@b.cn' });
  const natural = map({ account_kind: 'natural', name: '张结构', id_type: '护照', id_number: 'E12345678' }, bundledBoth);
  assert.ok(natural.ok);
  assert.deepEqual(natural.account.profile, { name: '张结构', idType: '护照', idNumber: 'E12345678' });
});

test('an external issuer never makes staff: the staff kind is unknown to it, roles are not read', () => {
  const staffKind = accountFromClaims('https://id.example', { sub: 's', account_kind: 'staff', roles: ['secadmin'] }, { map: BUNDLED_CLAIM_MAP, staff: false, applicants: true, today });
  assert.deepEqual(staffKind.ok ? undefined : staffKind.code, 'KIND_UNKNOWN');
  const roles = map({ user: { type: '1', name: '钱' }, roles: ['acceptor'] });
  assert.ok(roles.ok);
  assert.deepEqual([roles.account.kind, roles.account.roles], ['natural', []]);
});

test('the staff issuer alone (with an external applicants’ issuer) lets no applicant in', () => {
  const r = accountFromClaims('https://zizhi/idp', { sub: 's', account_kind: 'legal', uscc: USCC, org_name: 'X' }, { map: BUNDLED_CLAIM_MAP, staff: true, applicants: false, today });
  assert.equal(r.ok ? undefined : r.code, 'APPLICANT_AT_STAFF_ISSUER');
});

test('the kind: from its claim; without one, a 统一社会信用代码 makes an enterprise', () => {
  const noKind: IdentityRules = { ...external, map: { ...CITY, kind: undefined } };
  const legal = map({ user: { org: '某公司', code: USCC.toLowerCase() } }, noKind);
  assert.ok(legal.ok);
  assert.deepEqual([legal.account.kind, legal.account.profile.uscc, legal.account.displayName], ['legal', USCC, '某公司']);
  const natural = map({ user: { name: '某人' } }, noKind);
  assert.equal(natural.ok && natural.account.kind, 'natural');
  const unknown = map({ user: { type: '9' } });
  assert.equal(unknown.ok ? undefined : unknown.code, 'KIND_UNKNOWN');
});

test('an enterprise without its identifiers, or with a broken 统一社会信用代码, is refused', () => {
  const missing = map({ user: { type: '2', org: '某公司' } });
  assert.equal(missing.ok ? undefined : missing.code, 'ENTERPRISE_CLAIMS_MISSING');
  const broken = map({ user: { type: '2', org: '某公司', code: `${USCC.slice(0, 17)}${USCC[17] === '0' ? '1' : '0'}` } });
  assert.ok(!broken.ok);
  assert.equal(broken.code, 'USCC_INVALID');
  assert.match(broken.message, /统一社会信用代码校验位错误/);
});

test('an enterprise item: refused when the issuer says nothing of an enterprise, not when it says natural', () => {
  const silent = accountFromClaims('i', { sub: 's', nick: '某人' }, { ...external, map: { scope: 'openid', claims: { name: 'nick' } }, expect: 'legal' });
  assert.equal(silent.ok ? undefined : silent.code, 'ENTERPRISE_CLAIMS_MISSING');
  const said = map({ user: { type: '1', name: '某人' } }, { ...external, expect: 'legal' });
  assert.equal(said.ok && said.account.kind, 'natural', 'the wizard explains the item is for enterprises');
});

test('证件: codes mapped; 居民身份证 (or no type) checked by GB 11643; other types kept unchecked; unknown types dropped', () => {
  const id = map({ user: { type: '1', name: '张', ct: '111', cn: ID.toLowerCase() } });
  assert.ok(id.ok);
  assert.deepEqual([id.account.profile.idType, id.account.profile.idNumber], ['居民身份证', ID]);
  const noType = map({ user: { type: '1', cn: ID } });
  assert.equal(noType.ok && noType.account.profile.idType, '居民身份证');
  const broken = map({ user: { type: '1', cn: `${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}` } });
  assert.equal(broken.ok ? undefined : broken.code, 'ID_NUMBER_INVALID');
  const passport = map({ user: { type: '1', ct: '414', cn: 'E1234567' } });
  assert.ok(passport.ok);
  assert.deepEqual([passport.account.profile.idType, passport.account.profile.idNumber], ['护照', 'E1234567']);
  const odd = map({ user: { type: '1', ct: '999', cn: 'X-1' } });
  assert.ok(odd.ok);
  assert.deepEqual([odd.account.profile.idType, odd.account.profile.idNumber], [undefined, 'X-1']);
});

test('contacts: normalised when valid, left out when not; over-long text and a missing subject are not taken', () => {
  const r = map({ user: { type: '1', name: 'x'.repeat(201), tel: '+86 139 0000 0001', mail: 'not-an-email' } });
  assert.ok(r.ok);
  assert.deepEqual(r.account.profile, { mobile: '13900000001' });
  assert.equal(r.account.displayName, 's-1');
  const noSub = accountFromClaims('i', { name: 'x' }, external);
  assert.equal(noSub.ok ? undefined : noSub.code, 'SUBJECT_MISSING');
});
