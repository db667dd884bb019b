import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ITEM_CODES } from '../domain/items/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('every item rule lives in the item definitions', () => {
  it('no server source names an item by its code: prefixes, titles, validity and numbering come from src/domain/items', () => {
    const offenders: string[] = [];
    for (const file of sources(here)) {
      const text = readFileSync(file, 'utf8');
      for (const code of ITEM_CODES) {
        for (const quote of ["'", '"', '`']) {
          if (text.includes(`${quote}${code}${quote}`)) offenders.push(`${path.relative(here, file)}: ${code}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });
});
