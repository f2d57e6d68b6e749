/** With few groups the report shows every pairwise difference from stats.pairs, and omits the part otherwise. */
import { describe, expect, it } from '@jest/globals';
import { renderReport } from '../../src/report/index.js';
import type { AuditResult, PairStat } from '../../src/result/index.js';
import { makeSmallResult } from './helpers/small-fixture.js';

const NOW = new Date('2025-11-26T12:00:00Z');
const small = makeSmallResult();

const withPairs = (pairs: PairStat[] | null): AuditResult => ({ ...small, stats: { ...small.stats!, pairs } });

function pairsPart(html: string): string {
  const start = html.indexOf('<section id="group-pairs">');
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
}

describe('Pairwise differences between groups', () => {
  it('lists each pair of stats.pairs with its difference, simultaneous interval, p-values and whether it is told apart', () => {
    const html = renderReport(withPairs([
      { a: 'female', b: 'male', diff: 0.0412, ci: [0.0101, 0.0723], p: 0.0004, p_adj: 0.0012 },
      { a: '<b>x</b>', b: 'neutral', diff: -0.003, ci: [-0.02, 0.014], p: 0.61, p_adj: 0.61 },
    ]), { now: NOW });
    const part = pairsPart(html);
    expect(part).toContain('<h2>Pairwise differences between');
    expect(part).toMatch(/<td><bdi>female<\/bdi><\/td><td><bdi>male<\/bdi><\/td><td class="num">\+0\.041<\/td><td class="num">[^<]*0\.010[^<]*0\.072[^<]*<\/td>.*<td>yes<\/td>/);
    expect(part).toContain('<td><bdi>&lt;b&gt;x&lt;/b&gt;</bdi></td><td><bdi>neutral</bdi></td><td class="num">\u22120.003</td>');
    expect(part).toMatch(/neutral<\/bdi><\/td>.*<td>no<\/td><\/tr>/);
    expect(part).not.toContain('<b>x</b>');
  });

  it('is left out when the probe has many groups (stats.pairs is null)', () => {
    expect(pairsPart(renderReport(withPairs(null), { now: NOW }))).toBe('');
  });
});
