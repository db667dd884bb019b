import type { Level } from './blocks.ts';
import type { Drawn } from './layouts.ts';
import type { Sheet } from './sheet.ts';

/**
 * Pagination: the spacing and the page breaks, chosen by dry runs. A page breaks only where two
 * lines (or table rows) stay on each side, rather after a sentence (sheet.ts); the signature never
 * stands alone on a page. Dry runs choose the line spacing (and, for certificates, the type size)
 * that needs the fewest pages; when the signature still does not fit below the body, the last
 * paragraph goes with it to the next page (keep-with-previous).
 */

export type Plan = Level & { breakBefore?: string };

/**
 * The loosest level that gives the fewest pages with the signature on the page where the body
 * ends. When none does, keep-with-previous: the page breaks earlier, so that the last paragraph (or,
 * when it is long, at least its last two lines) goes with the signature; a page never holds only
 * the seal and the date (GB/T 9704 7.3.5.4).
 */
export function planLayout(levels: readonly Level[], trial: (plan: Plan) => { sheet: Sheet; drawn: Drawn }): Plan {
  const runs: Array<{ plan: Plan; sheet: Sheet; drawn: Drawn }> = [];
  for (const level of levels) {
    const run = { plan: level as Plan, ...trial(level) };
    runs.push(run);
    if (run.drawn.fits && run.sheet.pageCount === 1) break; // nothing tighter can do better
  }
  const fitting = runs.filter((r) => r.drawn.fits);
  if (fitting.length > 0) {
    const fewest = Math.min(...fitting.map((r) => r.sheet.pageCount));
    return fitting.find((r) => r.sheet.pageCount === fewest)!.plan;
  }
  const { sheet, drawn, plan } = runs[0]!;
  const points = sheet.breakpoints.filter((b) => b.block >= 0);
  const start = points.find((b) => b.block === drawn.lastBlock);
  const onPage = points.filter((b) => b.page === drawn.bodyPage && !b.atTop).reverse();
  const candidates = onPage.map((b) => b.id);
  // The whole last block when it is short; a long one keeps its last lines with the signature.
  if (start && onPage.includes(start) && drawn.bodyEnd - start.y <= sheet.pageHeight / 3) candidates.unshift(start.id);
  for (const breakBefore of [...new Set(candidates)].slice(0, 4)) {
    if (trial({ ...plan, breakBefore }).drawn.fits) return { ...plan, breakBefore };
  }
  return plan;
}
