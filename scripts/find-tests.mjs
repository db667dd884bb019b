// Lists test files of one tier: `unit` (*.test.ts but not *.db.test.ts) or `db` (*.db.test.ts).
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function findTests(tier, roots = ['src', 'test']) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (tier === 'db' ? entry.name.endsWith('.db.test.ts') : entry.name.endsWith('.test.ts') && !entry.name.endsWith('.db.test.ts')) out.push(full);
    }
  };
  for (const root of roots) walk(root);
  return out.sort();
}
