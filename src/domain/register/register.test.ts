import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ITEMS, findApplicationType, findItem, type ItemDefinition } from '../items/index.ts';
import { addYears } from '../calendar/index.ts';
import {
  applyDecision,
  certificateStanding,
  formatCertificateNumber,
  mod11_10,
  offerFor,
  validityEnd,
  type CertificateState,
  type HeldCertificate,
  type RegisterChange,
} from './index.ts';

const survey = findItem('survey-b')!;
const design = findItem('design-b')!;
const engineer = findItem('struct-eng-2')!;
const filing = findItem('nonlocal-filing')!;
const DATE = '2026-12-06';

function decide(item: ItemDefinition, type: string, before: CertificateState | undefined, chosen: string[] = [], employer?: string): RegisterChange {
  const t = findApplicationType(item, type)!;
  return applyDecision(before, { outcome: t.outcome, rules: item.result.register!, chosen, date: DATE, employer });
}

const heldSurvey: CertificateState = { number: 'B211000017', validFrom: '2023-03-01', validUntil: '2028-02-29', holdings: ['B201B', 'B202B'] };
const heldRegistration: CertificateState = { number: 'S2241100003', validFrom: '2024-05-10', validUntil: '2027-05-09', holdings: [], employer: '北京甲设计院' };

describe('register rules: every 申请内容 × outcome (资质)', () => {
  const cases: Array<{ type: string; before?: CertificateState; chosen?: string[]; expect: Partial<Extract<RegisterChange, { effect: 'issue' }>> | { effect: 'void' | 'none' | 'refused'; removed?: string[] } }> = [
    { type: 'first', chosen: ['B201B'], expect: { effect: 'issue', fresh: true, certificate: { validFrom: DATE, validUntil: '2031-12-05', holdings: ['B201B'] }, added: ['B201B'], removed: [] } },
    { type: 'first', before: heldSurvey, chosen: ['B203B'], expect: { effect: 'refused' } },
    // 增项: all holdings, validity of the current certificate kept, same number.
    { type: 'add', before: heldSurvey, chosen: ['B203B'], expect: { effect: 'issue', fresh: false, certificate: { ...heldSurvey, holdings: ['B201B', 'B202B', 'B203B'] }, added: ['B203B'], removed: [] } },
    { type: 'add', before: heldSurvey, chosen: ['B201B'], expect: { effect: 'refused' } },
    { type: 'add', chosen: ['B203B'], expect: { effect: 'refused' } },
    // 晋升: 丙级 replaced by 乙级 of the same qualification, validity kept.
    { type: 'upgrade', before: { ...heldSurvey, holdings: ['B201C', 'B202B'] }, chosen: ['B201B'], expect: { effect: 'issue', fresh: false, certificate: { ...heldSurvey, holdings: ['B202B', 'B201B'] }, added: ['B201B'], removed: ['B201C'] } },
    { type: 'upgrade', before: heldSurvey, chosen: ['B203B'], expect: { effect: 'refused' } },
    // 延续: from the OLD expiry (29 Feb 2028 + 5 years → 28 Feb 2033), not from today.
    { type: 'renew', before: heldSurvey, chosen: ['B201B', 'B202B'], expect: { effect: 'issue', fresh: false, certificate: { ...heldSurvey, validUntil: '2033-02-28' }, added: [], removed: [] } },
    { type: 'renew', before: heldSurvey, chosen: ['B201B'], expect: { effect: 'issue', fresh: false, certificate: { ...heldSurvey, holdings: ['B201B'], validUntil: '2033-02-28' }, added: [], removed: ['B202B'] } },
    { type: 'renew', before: heldSurvey, chosen: ['B203B'], expect: { effect: 'refused' } },
    { type: 'renew', chosen: ['B201B'], expect: { effect: 'refused' } },
    // 变更 (名称): reissued, validity and holdings kept.
    { type: 'rename', before: heldSurvey, chosen: ['B201B', 'B202B'], expect: { effect: 'issue', fresh: false, certificate: heldSurvey, added: [], removed: [] } },
    { type: 'rename', chosen: [], expect: { effect: 'refused' } },
    // 重新核定: holdings become the re-assessed ones, 1 year (unverified data), number kept.
    { type: 'restructure', before: heldSurvey, chosen: ['B201B', 'B203B'], expect: { effect: 'issue', fresh: false, certificate: { number: 'B211000017', validFrom: DATE, validUntil: '2027-12-05', holdings: ['B201B', 'B203B'] }, added: ['B203B'], removed: ['B202B'] } },
    { type: 'restructure', chosen: ['B203B'], expect: { effect: 'issue', fresh: true, certificate: { validFrom: DATE, validUntil: '2027-12-05', holdings: ['B203B'] }, added: ['B203B'], removed: [] } },
    { type: 'relocate-province', before: heldSurvey, expect: { effect: 'none' } },
    // 注销: only the chosen leave; void when nothing is left.
    { type: 'cancel', before: heldSurvey, chosen: ['B202B'], expect: { effect: 'issue', fresh: false, certificate: { ...heldSurvey, holdings: ['B201B'] }, added: [], removed: ['B202B'] } },
    { type: 'cancel', before: heldSurvey, chosen: ['B201B', 'B202B'], expect: { effect: 'void', removed: ['B201B', 'B202B'] } },
    { type: 'cancel', before: heldSurvey, chosen: ['B203B'], expect: { effect: 'refused' } },
    { type: 'cancel', before: heldSurvey, chosen: [], expect: { effect: 'refused' } },
  ];
  for (const c of cases) {
    it(`${c.type} ${c.before ? 'holding' : 'holding nothing'} ${JSON.stringify(c.chosen ?? [])} → ${c.expect.effect}`, () => {
      const got = decide(survey, c.type, c.before, c.chosen);
      if (c.expect.effect === 'refused') {
        assert.equal(got.effect, 'refused');
        assert.match((got as { message: string }).message, /\S/);
      } else assert.deepEqual(got, c.expect);
    });
  }

  it('every application type of both enterprise items has a rule here', () => {
    const tested = new Set(cases.map((c) => c.type));
    for (const item of [survey, design]) for (const t of item.applicationTypes) assert.ok(tested.has(t.value), `${item.code}/${t.value}`);
  });
});

describe('register rules: every 申请内容 × outcome (注册)', () => {
  const cases: Array<{ type: string; before?: CertificateState; employer?: string; expect: RegisterChange | { effect: 'refused' } }> = [
    { type: 'initial', employer: '北京乙设计院', expect: { effect: 'issue', fresh: true, certificate: { validFrom: DATE, validUntil: '2029-12-05', holdings: [], employer: '北京乙设计院' }, added: [], removed: [] } },
    { type: 'initial', before: heldRegistration, expect: { effect: 'refused' } },
    { type: 'pre', employer: '北京乙设计院', expect: { effect: 'issue', fresh: true, certificate: { validFrom: DATE, validUntil: '2029-12-05', holdings: [], employer: '北京乙设计院' }, added: [], removed: [] } },
    // 延续: old expiry + 3 years.
    { type: 'renew', before: heldRegistration, expect: { effect: 'issue', fresh: false, certificate: { ...heldRegistration, validUntil: '2030-05-09' }, added: [], removed: [] } },
    { type: 'renew', expect: { effect: 'refused' } },
    // 变更: new 注册单位, validity kept.
    { type: 'change', before: heldRegistration, employer: '北京乙设计院', expect: { effect: 'issue', fresh: false, certificate: { ...heldRegistration, employer: '北京乙设计院' }, added: [], removed: [] } },
    { type: 'amend-reissue', before: heldRegistration, employer: '北京甲设计院', expect: { effect: 'issue', fresh: false, certificate: heldRegistration, added: [], removed: [] } },
    { type: 'cancel', before: heldRegistration, expect: { effect: 'void', removed: [] } },
    { type: 'cancel', expect: { effect: 'refused' } },
  ];
  for (const c of cases) {
    it(`${c.type} ${c.before ? 'registered' : 'not registered'} → ${c.expect.effect}`, () => {
      const got = decide(engineer, c.type, c.before, [], c.employer);
      if (c.expect.effect === 'refused') assert.equal(got.effect, 'refused');
      else assert.deepEqual(got, c.expect);
    });
  }
  it('every application type of the engineer item has a rule here', () => {
    for (const t of engineer.applicationTypes) assert.ok(cases.some((c) => c.type === t.value), t.value);
  });
  it('a 备案 is not a licence: nothing enters the register', () => {
    assert.equal(filing.result.register, undefined);
    assert.equal(filing.applicationTypes[0]!.outcome, 'none');
  });
});

describe('validity arithmetic', () => {
  it('5 years from the date of issue end the day before the anniversary', () => {
    assert.equal(validityEnd('2026-12-06', 5), '2031-12-05');
    assert.equal(validityEnd('2028-02-29', 3), '2031-02-27');
    assert.equal(validityEnd('2026-01-01', 3), '2028-12-31');
  });
  it('29 February plus years lands on 28 February of a common year', () => {
    assert.equal(addYears('2028-02-29', 5), '2033-02-28');
    assert.equal(addYears('2028-02-29', 4), '2032-02-29');
  });
});

describe('certificate numbers (national coding, REFERENCE §6.1)', () => {
  it('a Beijing 资质证书 reads as approved at province level (2) in province 11, never by the ministry', () => {
    const b = formatCertificateNumber(survey.result.register!.numbering, 2026, 17);
    const a = formatCertificateNumber(design.result.register!.numbering, 2026, 17);
    assert.match(b, /^B21100017\d$/);
    assert.match(a, /^A21100017\d$/);
    assert.equal(b.at(-1), mod11_10('21100017'));
  });
  it('the check digit catches a single changed digit and a swap of neighbours', () => {
    const body = '21100017';
    const check = mod11_10(body);
    for (let i = 0; i < body.length; i++) {
      const changed = body.slice(0, i) + String((Number(body[i]) + 3) % 10) + body.slice(i + 1);
      assert.notEqual(mod11_10(changed), check, `digit ${i}`);
    }
    assert.notEqual(mod11_10('21100071'), check);
  });
  it('a 注册证书号 is S2 + year + 11 + five digits, as the public samples are', () => {
    assert.equal(formatCertificateNumber(engineer.result.register!.numbering, 2026, 3), 'S2261100003');
  });
});

describe('what the wizard offers (the same rules the server enforces)', () => {
  const held = (c: CertificateState, expired = false): HeldCertificate => ({ ...c, number: c.number!, expired });
  const offer = (item: ItemDefinition, type: string, h?: HeldCertificate) => offerFor(item, findApplicationType(item, type)!, h);

  it('holding nothing: 首次 open, every type that needs a certificate closed with the reason', () => {
    assert.equal(offer(survey, 'first').available, true);
    for (const type of ['add', 'upgrade', 'renew', 'rename', 'cancel']) {
      const o = offer(survey, type);
      assert.equal(o.available, false, type);
      assert.match(o.reason!, /尚未持有本市核发的有效工程勘察资质证书/);
    }
    assert.equal(offer(survey, 'restructure').available, true);
    assert.equal(offer(survey, 'relocate-province').available, true);
  });

  it('holding two: 首次 closed, 增项 offers only what is not held, 延续/注销 only what is held, number and expiry locked', () => {
    const h = held(heldSurvey);
    assert.match(offer(survey, 'first', h).reason ?? '', /已持有有效的工程勘察资质证书（B211000017）/);
    const add = offer(survey, 'add', h);
    assert.ok(add.qualifications!.includes('B203B'));
    assert.ok(!add.qualifications!.includes('B201B') && !add.qualifications!.includes('B202B'));
    assert.deepEqual(add.locked, { certificateNumber: 'B211000017' });
    assert.deepEqual(offer(survey, 'renew', h), { available: true, qualifications: ['B201B', 'B202B'], locked: { certificateNumber: 'B211000017', certificateExpiry: '2028-02-29' } });
    assert.deepEqual(offer(survey, 'cancel', h).qualifications, ['B201B', 'B202B']);
    assert.deepEqual(offer(survey, 'rename', h).locked, { certificateNumber: 'B211000017', qualifications: ['B201B', 'B202B'] });
    assert.equal(offer(survey, 'upgrade', h).available, false, 'nothing below 乙级 held');
  });

  it('an expired certificate opens 首次 again and closes 延续 with the date', () => {
    const h = held({ ...heldSurvey, validUntil: '2026-01-31' }, true);
    assert.equal(offer(survey, 'first', h).available, true);
    assert.match(offer(survey, 'renew', h).reason!, /已于2026-01-31到期/);
  });

  it('engineers: 原注册证书号, 原注册有效期 and for 变更 the 原注册单位 come from the register', () => {
    const h = held(heldRegistration);
    assert.deepEqual(offer(engineer, 'change', h).locked, { formerCertificateNumber: 'S2241100003', formerExpiry: '2027-05-09', formerEmployer: '北京甲设计院' });
    assert.deepEqual(offer(engineer, 'renew', h).locked, { formerCertificateNumber: 'S2241100003', formerExpiry: '2027-05-09' });
    assert.equal(offer(engineer, 'initial', h).available, false);
    assert.equal(offer(engineer, 'renew').available, false);
  });

  it('every item names its result and document titles in one place', () => {
    assert.deepEqual(
      ITEMS.map((i) => [i.code, i.numberPrefix, i.result.title, i.result.approvalTitle, i.result.refusalTitle]),
      [
        ['survey-b', 'KC', '工程勘察资质证书', '准予行政许可决定书', '不予行政许可决定书'],
        ['design-b', 'SJ', '工程设计资质证书', '准予行政许可决定书', '不予行政许可决定书'],
        ['struct-eng-2', 'JG', '注册证书', '准予注册决定书', '不予注册决定书'],
        ['nonlocal-filing', 'WB', '备案证明', '备案证明', '不予备案通知书'],
      ],
    );
  });
});

describe('standing of a certificate', () => {
  it('valid, days left, expired, void', () => {
    assert.deepEqual(certificateStanding({ status: 'valid', validUntil: '2027-01-20' }, '2026-12-06'), { code: 'valid', label: '有效', daysLeft: 45 });
    assert.equal(certificateStanding({ status: 'valid', validUntil: '2026-12-05' }, '2026-12-06').code, 'expired');
    assert.equal(certificateStanding({ status: 'void', validUntil: '2027-12-05' }, '2026-12-06').label, '已注销');
  });
  it('行政许可法 Art. 50: a 延续 filed before expiry and not decided keeps it valid, and says so', () => {
    const s = certificateStanding({ status: 'valid', validUntil: '2026-12-05', renewalFiledOn: '2026-10-01' }, '2026-12-06');
    assert.equal(s.code, 'deemed');
    assert.match(s.note!, /视为准予延续/);
    assert.equal(certificateStanding({ status: 'valid', validUntil: '2026-12-05', renewalFiledOn: '2026-12-06' }, '2026-12-06').code, 'expired', 'filed too late');
  });
});
