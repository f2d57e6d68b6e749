/** The report's "Where the variation comes from" part: every number from stats.variance, reasons instead of numbers. */
import { describe, expect, it } from '@jest/globals';
import { renderReport } from '../../src/report/index.js';
import type { AuditResult, VarianceStat } from '../../src/result/index.js';
import { HOSTILE_IMG, HOSTILE_SCRIPT } from './helpers/make-result.js';
import { makeSmallResult } from './helpers/small-fixture.js';

const NOW = new Date('2025-11-26T12:00:00Z');
const small = makeSmallResult();

/** The part of the methodology section between its heading and the next heading. */
function variancePart(html: string): string {
  const start = html.indexOf('<h3 id="variance">');
  if (start < 0) return '';
  return html.slice(start, html.indexOf('<h3>', start + 1));
}

const withVariance = (variance: VarianceStat | null | undefined): AuditResult => {
  const stats = { ...small.stats! };
  if (variance === undefined) delete stats.variance;
  else stats.variance = variance;
  return { ...small, stats };
};

describe('Where the variation comes from', () => {
  const v = small.stats!.variance!;
  const part = variancePart(renderReport(small, { now: NOW }));

  it('the fixture is a one-filler-per-group design with template and residual estimated', () => {
    expect(v.components.filler).toBeNull();
    expect(v.components['template:group']).toBeNull();
    expect(v.components.template).toBeGreaterThan(0);
  });

  it('shows a table of component, variance and share, with the numbers of stats.variance', () => {
    expect(part).toContain('<h3 id="variance">Where the variation comes from</h3>');
    expect(part).toContain('<thead><tr><th>component</th><th>variance</th><th>share</th></tr></thead>');
    const row = (label: string, variance: number, share: number) =>
      `<tr><td>${label}</td><td class="num">${variance.toPrecision(2)}</td><td class="num">${(100 * share).toFixed(1)}%</td></tr>`;
    expect(part).toContain(row('Template (paraphrase family)', v.components.template!, v.shares.template!));
    expect(part).toContain(row('Residual', v.components.residual, v.shares.residual));
    expect(part).toContain(`the ${small.stats!.n_records - 8 * 5} sentences of the headline templates`);
  });

  it('says why a component is not identifiable instead of printing a number (escaped)', () => {
    expect(part).toContain(
      '<tr class="not-identifiable"><td>Filler within a group</td><td colspan="2">not identifiable: one filler per group: ' +
        'filler and group cannot be told apart (the group mean includes its filler&#x27;s effect)</td></tr>',
    );
    expect(part).toContain('<td>Group × template</td><td colspan="2">not identifiable: each template x group cell holds one sentence');
  });

  it('lists the plain-language lines of stats.variance.summary', () => {
    expect(v.summary.length).toBeGreaterThan(2);
    for (const line of v.summary) expect(part).toContain(`<li>${line.replace(/'/g, '&#x27;')}</li>`);
    expect(part).toContain('<li>Filler and group cannot be told apart here: one filler per group.</li>');
  });

  it('escapes every text it shows (reasons, summary lines)', () => {
    const hostile: VarianceStat = {
      ...v,
      not_identifiable: [{ component: 'filler', reason: HOSTILE_IMG }],
      summary: [HOSTILE_SCRIPT],
    };
    const html = variancePart(renderReport(withVariance(hostile), { now: NOW }));
    expect(html).not.toContain(HOSTILE_IMG);
    expect(html).not.toContain(HOSTILE_SCRIPT);
    expect(html).toContain('not identifiable: &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('<li>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</li>');
  });

  it('says the decomposition could not be computed when stats.variance is null, and shows nothing for an older result', () => {
    const none = variancePart(renderReport(withVariance(null), { now: NOW }));
    expect(none).toContain('could not be computed for this design');
    expect(none).not.toContain('<table');
    expect(renderReport(withVariance(undefined), { now: NOW })).not.toContain('Where the variation comes from');
  });
});
