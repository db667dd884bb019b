import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { orgCodeCheckChar, usccCheckChar } from '../identifiers/index.ts';
import { BEIJING_CODE } from './index.ts';
import { regionDisplayName, regionUsccMismatch, usccRegisteredInMessage, usccRegistration } from './uscc-region.ts';

/** A valid USCC (企业, 91) registered at `region`. */
function uscc(region: string, org = 'MA0PQ7R0', kind = '91'): string {
  const first17 = `${kind}${region}${org}${orgCodeCheckChar(org)}`;
  return first17 + usccCheckChar(first17);
}

const REASON = '北京市企业无需办理外埠企业进京备案';

describe('usccRegistration', () => {
  it('reads province and prefecture from characters 3–8', () => {
    assert.deepEqual(usccRegistration(uscc('130102')), { uscc: uscc('130102'), code: '130102', province: '130000', prefecture: '130100' });
    assert.deepEqual(usccRegistration(uscc('440300')), { uscc: uscc('440300'), code: '440300', province: '440000', prefecture: '440300' }, '深圳市 registers itself');
    assert.deepEqual(usccRegistration(uscc('320000')), { uscc: uscc('320000'), code: '320000', province: '320000' }, 'a provincial authority names no prefecture');
    assert.deepEqual(usccRegistration(uscc('429004')), { uscc: uscc('429004'), code: '429004', province: '420000', prefecture: '429000' }, '省直辖县级 仙桃');
  });

  it('names no prefecture for a 直辖市 (市辖区/县 move as counties become districts) nor for an abolished one', () => {
    for (const code of ['110108', '120116', '310151', '500228']) assert.equal(usccRegistration(uscc(code))?.prefecture, undefined, code);
    assert.deepEqual(usccRegistration(uscc('371202')), { uscc: uscc('371202'), code: '371202', province: '370000' }, '莱芜市 merged into 济南 in 2019');
  });

  it('names no province for a national registration or an unknown code, and nothing for an invalid USCC', () => {
    assert.deepEqual(usccRegistration(uscc('100000')), { uscc: uscc('100000'), code: '100000' });
    assert.deepEqual(usccRegistration(uscc('990000')), { uscc: uscc('990000'), code: '990000' });
    assert.equal(usccRegistration('91130102MA0PQ7R00X'), undefined);
    assert.equal(usccRegistration(''), undefined);
  });

  it('accepts the code as typed (spaces, lower case, full width)', () => {
    const code = uscc('130102');
    assert.equal(usccRegistration(` ${code.toLowerCase().slice(0, 9)} ${code.slice(9)}`)?.uscc, code);
  });
});

describe('regionDisplayName', () => {
  it('joins names from the province down, a 直辖市 once', () => {
    assert.equal(regionDisplayName('110108'), '北京市海淀区');
    assert.equal(regionDisplayName('130102'), '河北省石家庄市长安区');
    assert.equal(regionDisplayName('130100'), '河北省石家庄市');
    assert.equal(regionDisplayName('440000'), '广东省');
  });

  it('falls back to the nearest known level', () => {
    assert.equal(regionDisplayName('110228'), '北京市', '密云县 became 110118');
    assert.equal(regionDisplayName('130199'), '河北省石家庄市');
    assert.equal(regionDisplayName('990000'), undefined);
  });
});

describe('usccRegisteredInMessage (北京 cannot file as 外埠)', () => {
  it('names the code, its division code and the province', () => {
    assert.equal(
      usccRegisteredInMessage(uscc('110108'), [BEIJING_CODE], REASON),
      `统一社会信用代码${uscc('110108')}的登记管理机关行政区划码110108属于北京市，北京市企业无需办理外埠企业进京备案`,
    );
    assert.match(usccRegisteredInMessage(uscc('110000'), [BEIJING_CODE], REASON)!, /行政区划码110000属于北京市/, 'the municipal authority itself');
    assert.match(usccRegisteredInMessage(uscc('110105', '40000123', '12'), [BEIJING_CODE], REASON)!, /行政区划码110105属于北京市/, '事业单位 too');
  });

  it('is silent elsewhere, for a national registration and for an invalid code', () => {
    for (const code of ['130102', '120101', '100000']) assert.equal(usccRegisteredInMessage(uscc(code), [BEIJING_CODE], REASON), undefined, code);
    assert.equal(usccRegisteredInMessage('91110108MA0PQ7R00X', [BEIJING_CODE], REASON), undefined);
  });
});

describe('regionUsccMismatch (行政所属区划 against the USCC)', () => {
  const cases: [string, string, string | undefined][] = [
    // USCC region, chosen region, expected message (undefined: agrees)
    ['130102', '130102', undefined],
    ['130102', '130104', undefined],
    ['130102', '130181', undefined],
    ['440300', '440305', undefined],
    ['320000', '320583', undefined],
    ['120116', '120101', undefined],
    ['500228', '500155', undefined],
    ['371202', '370116', undefined],
    ['100000', '130102', undefined],
    [
      '130102',
      '130203',
      `行政所属区划河北省唐山市路北区（130203）与统一社会信用代码的登记管理机关行政区划码130102（河北省石家庄市长安区）不符，应选择河北省石家庄市内的区划`,
    ],
    [
      '130102',
      '120101',
      `行政所属区划天津市和平区（120101）与统一社会信用代码的登记管理机关行政区划码130102（河北省石家庄市长安区）不符，应选择河北省石家庄市内的区划`,
    ],
    ['320000', '130102', `行政所属区划河北省石家庄市长安区（130102）与统一社会信用代码的登记管理机关行政区划码320000（江苏省）不符，应选择江苏省内的区划`],
    ['120116', '130102', `行政所属区划河北省石家庄市长安区（130102）与统一社会信用代码的登记管理机关行政区划码120116（天津市滨海新区）不符，应选择天津市内的区划`],
  ];
  for (const [registered, chosen, expected] of cases) {
    it(`${registered} vs ${chosen}: ${expected ? 'mismatch' : 'agrees'}`, () => {
      assert.equal(regionUsccMismatch(chosen, uscc(registered)), expected);
    });
  }

  it('says nothing about an invalid USCC (the USCC field reports it)', () => {
    assert.equal(regionUsccMismatch('120101', '91130102MA0PQ7R00X'), undefined);
  });
});
