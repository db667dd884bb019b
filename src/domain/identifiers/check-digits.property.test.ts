import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { idNumberCheckChar, validateIdNumber } from './id-number.ts';
import { orgCodeCheckChar, USCC_CHARSET, usccCheckChar, validateUscc } from './uscc.ts';

// GB 32100 (mod 31) and GB 11643 (mod 11) detect every single-character substitution: each weight
// is non-zero modulo a prime larger than any difference of two character values. So must we.

const usccChar = fc.constantFrom(...USCC_CHARSET);
const digit = fc.constantFrom(...'0123456789');

/** A valid USCC: registration authority and type, a region, a 组织机构代码 with its check, the code's check. */
const uscc = fc
  .tuple(fc.constantFrom('11', '12', '13', '19', '51', '52', '53', '59', '91', '92', '93'), fc.constantFrom('110105', '130102', '310101', '440305'), fc.array(usccChar, { minLength: 8, maxLength: 8 }))
  .map(([head, region, body]) => {
    const org = body.join('');
    const first17 = `${head}${region}${org}${orgCodeCheckChar(org)}`;
    return `${first17}${usccCheckChar(first17)}`;
  });

/** A valid 18-digit 居民身份证号码 of an adult born 1950–2005. */
const idNumber = fc
  .tuple(fc.constantFrom('110105', '130102', '310101', '440305'), fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2005-12-31T00:00:00Z'), noInvalidDate: true }), fc.array(digit, { minLength: 3, maxLength: 3 }))
  .map(([region, birth, seq]) => {
    const first17 = `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${seq.join('')}`;
    return `${first17}${idNumberCheckChar(first17)}`;
  });

const TODAY = new Date('2026-12-06T04:00:00Z');

describe('check digits, as properties', () => {
  it('every generated 统一社会信用代码 is accepted, and every single-character change of it refused', () => {
    fc.assert(
      fc.property(uscc, fc.integer({ min: 0, max: 17 }), usccChar, (code, at, other) => {
        assert.ok(validateUscc(code).ok, code);
        fc.pre(other !== code[at]);
        const changed = `${code.slice(0, at)}${other}${code.slice(at + 1)}`;
        assert.ok(!validateUscc(changed).ok, `${code} → ${changed} accepted`);
      }),
      { numRuns: 3000 },
    );
  });

  it('every generated 身份证号码 is accepted, and every single-digit change of it refused', () => {
    fc.assert(
      fc.property(idNumber, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'0123456789X'), (id, at, other) => {
        assert.ok(validateIdNumber(id, TODAY).ok, id);
        fc.pre(other !== id[at] && (at === 17 || other !== 'X'));
        const changed = `${id.slice(0, at)}${other}${id.slice(at + 1)}`;
        assert.ok(!validateIdNumber(changed, TODAY).ok, `${id} → ${changed} accepted`);
      }),
      { numRuns: 3000 },
    );
  });
});
