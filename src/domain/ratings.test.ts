import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VARIANTS } from './workflow/index.ts';
import { emptyLevelCounts, formatRate, isBadRating, isRatableOutcome, RATING_LABELS, RATING_LEVELS, satisfactionRate } from './ratings.ts';

test('the five national levels, best first, in the regulation’s words', () => {
  assert.deepEqual(RATING_LEVELS.map((l) => RATING_LABELS[l]), ['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
  assert.deepEqual(RATING_LEVELS.filter(isBadRating).map((l) => RATING_LABELS[l]), ['不满意', '非常不满意']);
});

test('every end of every workflow variant but 撤回 may be rated', () => {
  const outcomes = new Set(Object.values(VARIANTS).flatMap((v) => v.ends.map((e) => e.outcome)));
  assert.ok(outcomes.has('withdrawn') && outcomes.size >= 7, [...outcomes].join());
  for (const outcome of outcomes) assert.equal(isRatableOutcome(outcome), outcome !== 'withdrawn', outcome);
  assert.equal(isRatableOutcome(null), false, 'an open case');
});

test('satisfaction rate: (非常满意 + 满意 + 基本满意) / count', () => {
  const table: [Partial<Record<(typeof RATING_LEVELS)[number], number>>, number | null, string][] = [
    [{}, null, '—'],
    [{ satisfied: 1 }, 1, '100.0%'],
    [{ 'very-dissatisfied': 2 }, 0, '0.0%'],
    [{ 'very-satisfied': 1, 'basically-satisfied': 1, dissatisfied: 1 }, 2 / 3, '66.7%'],
    [{ 'very-satisfied': 192, satisfied: 0, dissatisfied: 7 }, 192 / 199, '96.5%'],
  ];
  for (const [counts, rate, text] of table) {
    const full = { ...emptyLevelCounts(), ...counts };
    assert.equal(satisfactionRate(full), rate, JSON.stringify(counts));
    assert.equal(formatRate(satisfactionRate(full)), text, JSON.stringify(counts));
  }
});
