import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idNumberCheckChar, isAdultIdNumber, validateIdNumber } from './id-number.ts';

const TODAY = new Date(2025, 5, 1); // 2025-06-01 local time

// Check characters computed independently of this code from Σ(digit × weight) mod 11 → "10X98765432".
const CHECK_CHARS: Array<[first17: string, check: string]> = [
  ['11010519491231002', 'X'],
  ['44030419900307001', '8'],
  ['31010119851122123', '7'],
  ['51010720000229456', '4'],
  ['65010219781010330', '2'],
  ['37020219660815271', '0'],
  ['42010619750612103', '1'],
  ['42010619750612101', '5'],
  ['42010619750612106', '6'],
  ['42010619750612104', 'X'],
  ['81000019991231001', '2'],
  ['11010120080101001', '9'],
];

for (const [first17, check] of CHECK_CHARS) {
  test(`idNumberCheckChar(${first17}) = ${check}`, () => assert.equal(idNumberCheckChar(first17), check));
}

test('idNumberCheckChar rejects malformed input', () => {
  assert.throws(() => idNumberCheckChar('1101051949123100'), RangeError);
  assert.throws(() => idNumberCheckChar('1101051949123100X'), RangeError);
});

const VALID = CHECK_CHARS.map(([first17, check]) => first17 + check);

for (const id of VALID) {
  test(`valid number ${id} passes`, () => assert.deepEqual(validateIdNumber(id, TODAY), { ok: true, value: id }));
}

const NORMALISED: Array<[input: string, value: string]> = [
  ['11010519491231002x', '11010519491231002X'],
  [' 11010519491231002X ', '11010519491231002X'],
  ['１１０１０５１９４９１２３１００２ｘ', '11010519491231002X'],
  ['110105-19491231-002X', '11010519491231002X'],
  ['110105 19491231 002X', '11010519491231002X'],
  ['４２０１０６－１９７５０６１２－１０３１', '420106197506121031'],
];

for (const [input, value] of NORMALISED) {
  test(`normalises ${JSON.stringify(input)}`, () => assert.deepEqual(validateIdNumber(input, TODAY), { ok: true, value }));
}

const REJECTED: Array<[input: string, message: string]> = [
  ['', '请输入身份证号码'],
  ['  ', '请输入身份证号码'],
  ['110105491231002', '15位旧身份证号码已停用，请输入18位号码'],
  ['1101054912310', '身份证号码应为18位'],
  ['11010519491231002X1', '身份证号码应为18位'],
  ['11010519491231002Y', '身份证号码含有无效字符：Y'],
  ['1101051949123100AB', '身份证号码含有无效字符：A、B'],
  ['11010519491231002？', '身份证号码含有无效字符：?'],
  ['X1010519491231002X', '身份证号码只有最后一位可以是X'],
  ['990105194912310015', '身份证号码地址码无效'],
  ['100105194912310015', '身份证号码地址码无效'],
  // Dates below carry correct check characters so the date rule is what fails.
  ['110105194902300012', '身份证号码出生日期无效'],
  ['110105190002290017', '身份证号码出生日期无效'], // 1900 is not a leap year
  ['110105202302290014', '身份证号码出生日期无效'],
  ['110105194913010010', '身份证号码出生日期无效'],
  ['110105194901000018', '身份证号码出生日期无效'],
  ['110105189912310015', '身份证号码出生日期无效'], // before 1900
  ['110105202601011230', '身份证号码出生日期晚于当前日期'],
  ['110105194912310021', '身份证号码校验位错误，请核对后重新输入'],
  ['440304199003070019', '身份证号码校验位错误，请核对后重新输入'],
];

for (const [input, message] of REJECTED) {
  test(`rejects ${JSON.stringify(input)}`, () => assert.deepEqual(validateIdNumber(input, TODAY), { ok: false, message }));
}

test('a birth date after `today` is rejected, the same date is accepted', () => {
  const id = '110105202401011236'; // born 2024-01-01, check char computed independently
  assert.deepEqual(validateIdNumber(id, new Date(2023, 11, 31)), { ok: false, message: '身份证号码出生日期晚于当前日期' });
  assert.deepEqual(validateIdNumber(id, new Date(2024, 0, 1)), { ok: true, value: id });
});

test('today defaults to the current date', () => {
  assert.equal(validateIdNumber('11010519491231002X').ok, true);
});

for (const id of VALID) {
  test(`every single-character substitution of ${id} is rejected`, () => {
    let tried = 0;
    for (let pos = 0; pos < id.length; pos++) {
      for (const ch of '0123456789X') {
        if (ch === id[pos]) continue;
        const corrupted = id.slice(0, pos) + ch + id.slice(pos + 1);
        assert.equal(validateIdNumber(corrupted, TODAY).ok, false, `accepted ${corrupted}`);
        tried++;
      }
    }
    assert.equal(tried, 18 * 10);
  });
}

const AGES: Array<[id: string, today: Date, minAge: number | undefined, adult: boolean]> = [
  ['110101200801010019', new Date(2024, 0, 1), undefined, true], // 16th birthday
  ['110101200801010019', new Date(2023, 11, 31), undefined, false],
  ['510107200002294564', new Date(2016, 1, 28), undefined, false],
  ['510107200002294564', new Date(2016, 1, 29), undefined, true],
  ['510107200002294564', new Date(2018, 1, 28), 18, false], // common year: reached on 1 March
  ['510107200002294564', new Date(2018, 2, 1), 18, true],
  ['11010519491231002X', TODAY, 16, true],
  ['11010519491231002X', TODAY, 80, false],
  ['11010519491231002Y', TODAY, 16, false],
];

for (const [id, today, minAge, adult] of AGES) {
  test(`isAdultIdNumber(${id}, ${today.toDateString()}, ${minAge ?? 'default'}) = ${adult}`, () => {
    assert.equal(minAge === undefined ? isAdultIdNumber(id, today) : isAdultIdNumber(id, today, minAge), adult);
  });
}
