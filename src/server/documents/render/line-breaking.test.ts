import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanText, JOINER, wrapLine } from './line-breaking.ts';

/** One unit per character, so widths are character counts. */
const count = (s: string) => Array.from(s).length;

describe('wrapLine', () => {
  const cases: Array<{ name: string; text: string; width: number; indent?: number; lines: string[] }> = [
    { name: 'CJK breaks between characters', text: '一二三四五六', width: 4, lines: ['一二三四', '五六'] },
    { name: 'closing punctuation never starts a line (禁则)', text: '一二三四，五六', width: 4, lines: ['一二三', '四，五六'] },
    { name: 'opening punctuation never ends a line', text: '一二三（四）', width: 4, lines: ['一二三', '（四）'] },
    { name: 'Latin breaks at spaces, which are dropped there', text: 'hello world foo', width: 11, lines: ['hello world', 'foo'] },
    { name: 'a run wider than the line is cut', text: 'XXXXXXXXXX', width: 4, lines: ['XXXX', 'XXXX', 'XX'] },
    { name: 'a word joiner keeps two characters together and disappears', text: `一二核${JOINER}验`, width: 3, lines: ['一二', '核验'] },
    { name: 'the first line is narrower by the indent', text: '一二三四五六', width: 4, indent: 2, lines: ['一二', '三四五六'] },
    { name: 'an empty paragraph is one empty line', text: '', width: 4, lines: [''] },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(wrapLine(c.text, c.width, count, c.indent), c.lines));
  }
});

test('cleanText normalises line ends and tabs, drops control and bidi-override characters', () => {
  assert.equal(cleanText('a\r\nb\rc\td\u202ee\u0007f'), 'a\nb\nc def');
});
