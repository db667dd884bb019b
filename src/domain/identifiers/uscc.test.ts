import { test } from 'node:test';
import assert from 'node:assert/strict';
import { USCC_CHARSET, orgCodeCheckChar, usccCheckChar, validateUscc } from './uscc.ts';

const REAL = ['911301007454005196', '91130434106870661A'];
// Synthetic codes (check characters computed independently) covering org-code checks X/0 and USCC checks X/Y/0.
const SYNTHETIC = ['91110000100000040X', '12100000100000040Y', '9111000010000050X0', '933301001000005500', '9333010010000181XX'];
const VALID = [...REAL, ...SYNTHETIC];

const CHECK_CHARS: Array<[first17: string, check: string]> = [
  ['91130100745400519', '6'],
  ['91130434106870661', 'A'],
  ['91110000100000040', 'X'],
  ['12100000100000040', 'Y'],
  ['93330100100000550', '0'],
];

for (const [first17, check] of CHECK_CHARS) {
  test(`usccCheckChar(${first17}) = ${check}`, () => assert.equal(usccCheckChar(first17), check));
}

const ORG_CHECKS: Array<[first8: string, check: string]> = [
  ['74540051', '9'], // from 911301007454005196
  ['10687066', '1'], // from 91130434106870661A
  ['10000004', '0'], // 11 → '0'
  ['10000050', 'X'], // 10 → 'X'
];

for (const [first8, check] of ORG_CHECKS) {
  test(`orgCodeCheckChar(${first8}) = ${check}`, () => assert.equal(orgCodeCheckChar(first8), check));
}

test('check-char helpers reject malformed input', () => {
  assert.throws(() => usccCheckChar('9113010074540051'), RangeError);
  assert.throws(() => usccCheckChar('9113010074540051I'), RangeError);
  assert.throws(() => orgCodeCheckChar('7454005'), RangeError);
});

for (const code of VALID) {
  test(`valid code ${code} passes`, () => assert.deepEqual(validateUscc(code), { ok: true, value: code }));
}

const NORMALISED: Array<[input: string, value: string]> = [
  ['91130434106870661a', '91130434106870661A'],
  ['  911301007454005196  ', '911301007454005196'],
  ['９１１３０１００７４５４００５１９６', '911301007454005196'],
  ['９１１３０４３４１０６８７０６６１ａ', '91130434106870661A'],
  ['911301-00745400519-6', '911301007454005196'],
  ['9113 0100 7454 0051 96', '911301007454005196'],
  ['9113\u30000100－7454005196', '911301007454005196'],
];

for (const [input, value] of NORMALISED) {
  test(`normalises ${JSON.stringify(input)}`, () => assert.deepEqual(validateUscc(input), { ok: true, value }));
}

const REJECTED: Array<[input: string, message: string]> = [
  ['', '请输入统一社会信用代码'],
  ['   ', '请输入统一社会信用代码'],
  ['91130100745400519', '统一社会信用代码应为18位'],
  ['9113010074540051966', '统一社会信用代码应为18位'],
  ['745400519', '统一社会信用代码应为18位'],
  ['91130100745400519I', '统一社会信用代码含有无效字符：I'],
  ['9113010074540O5196', '统一社会信用代码含有无效字符：O'],
  ['S11301007454005196', '统一社会信用代码含有无效字符：S'],
  ['9113010074540051vz', '统一社会信用代码含有无效字符：V、Z'],
  ['91130100745400519中', '统一社会信用代码含有无效字符：中'],
  ['911301007454005197', '统一社会信用代码校验位错误，请核对后重新输入'],
  ['91130434106870661B', '统一社会信用代码校验位错误，请核对后重新输入'],
  // USCC check char valid, but the embedded 组织机构代码 74540051-8 should end in 9.
  ['911301007454005183', '统一社会信用代码中的组织机构代码校验位错误，请核对后重新输入'],
];

for (const [input, message] of REJECTED) {
  test(`rejects ${JSON.stringify(input)}`, () => assert.deepEqual(validateUscc(input), { ok: false, message }));
}

for (const code of VALID) {
  test(`every single-character substitution of ${code} is rejected`, () => {
    let tried = 0;
    for (let pos = 0; pos < code.length; pos++) {
      for (const ch of USCC_CHARSET) {
        if (ch === code[pos]) continue;
        const corrupted = code.slice(0, pos) + ch + code.slice(pos + 1);
        assert.equal(validateUscc(corrupted).ok, false, `accepted ${corrupted}`);
        tried++;
      }
    }
    assert.equal(tried, 18 * 30);
  });
}

test('first two characters are only checked against the charset', () => {
  const code = 'Y1130100745400519G';
  assert.deepEqual(validateUscc(code), { ok: true, value: code });
});
