import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { AuditResult, GroupStat } from '../../src/result/index.js';
import * as fmt from '../../src/util/format.js';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { audit, ensureBuilt } from '../helpers/cli.js';

/**
 * Issue 25, "one effect, one interval, one meaning", on the demo model's own reports: for every group of the
 * countries, nationalities and gender probes, the interval the report shows (table, chart, map tooltip) excludes 0
 * exactly when the mark beside it says the group differs, in both directions, and no label contradicts a direction
 * that holds in every template.
 */

const PROBES = ['countries', 'nationalities', 'gender'] as const;
let work: string;
const runs = new Map<string, { result: AuditResult; html: string }>();

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'coherence-'));
  for (const probe of PROBES) {
    const out = join(work, probe);
    const r = audit(['run', '--probe', probe, '--out', out, '--quiet'], { env: { XDG_CACHE_HOME: join(work, 'cache') } });
    if (r.code !== 0) throw new Error(`audit run --probe ${probe} exited ${r.code}: ${r.stderr}`);
    runs.set(probe, {
      result: JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as AuditResult,
      html: readFileSync(join(out, 'report.html'), 'utf8'),
    });
  }
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  .replace(/'/g, '&#x27;').replace(/=/g, '&#x3D;').replace(/`/g, '&#x60;');

/** The ranking table's row of a group: its class (the mark), its effect cell and its interval cell. */
function row(html: string, key: string): { marked: string | null; interval: string; verdict: string } {
  const table = html.slice(html.indexOf('id="ranking-table"'), html.indexOf('</table>', html.indexOf('id="ranking-table"')));
  const at = table.indexOf(`<td class="name"><bdi>${escape(key)}</bdi></td>`);
  expect(at).toBeGreaterThan(0);
  const start = table.lastIndexOf('<tr class="', at);
  const tr = table.slice(start, table.indexOf('</tr>', at));
  const cls = /^<tr class="([^"]*)"/.exec(tr)![1]!;
  const cells = [...tr.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1]!);
  return { marked: /\bsig (higher|lower)\b/.exec(cls)?.[1] ?? null, interval: cells[6]!, verdict: cells[7]! };
}

const excludesZero = (ci: [number, number]) => ci[0] > 0 || ci[1] < 0;

describe.each(PROBES)('the %s report of the demo model', (probe) => {
  const groups = (): GroupStat[] => runs.get(probe)!.result.stats!.groups;

  it('marks a group exactly when the interval it shows excludes 0, in both directions, in the table', () => {
    const { html } = runs.get(probe)!;
    let marked = 0;
    for (const g of groups()) {
      const r = row(html, g.key);
      const shown = r.interval.split(' to ').map(Number) as [number, number];
      expect(r.interval).toBe(fmt.interval(g.sim_ci));
      // The rounded interval can touch 0 only when the mark is decided by digits it hides; read the stored one too.
      expect([g.key, r.marked !== null]).toEqual([g.key, excludesZero(g.sim_ci)]);
      if (shown[0] > 0 || shown[1] < 0) expect([g.key, r.marked]).toEqual([g.key, shown[0] > 0 ? 'higher' : 'lower']);
      if (r.marked) expect(r.verdict).toBe(`differs: ${r.marked}`);
      else expect(r.verdict).toBe('cannot tell');
      if (r.marked) marked++;
    }
    if (probe === 'countries') expect(marked).toBeGreaterThan(50);
  });

  it('shows the same effect, interval and verdict in the map tooltip and the chart', () => {
    const { html } = runs.get(probe)!;
    const noun = probe === 'countries' ? 'country' : probe === 'nationalities' ? 'nationality' : null;
    let onMap = 0;
    for (const g of groups()) {
      const ci = fmt.interval(g.sim_ci);
      const verdict = excludesZero(g.sim_ci) ? `differs: ${g.sim_ci[0] > 0 ? 'higher' : 'lower'}` : 'cannot be told from the average';
      if (html.includes('class="map"') && g.attrs.numeric !== undefined && noun) {
        const shape = new RegExp(`fill="([^"]+)" tabindex="0" data-key="${escapeRe(g.key)}" data-effect="([^"]+)" data-ci="([^"]+)" data-verdict="([^"]+)"`).exec(html);
        if (shape) {
          onMap++;
          expect([g.key, shape[2], shape[3]]).toEqual([g.key, fmt.signed(g.centred), ci]);
          expect(shape[4]!.startsWith(verdict)).toBe(true);
          expect([g.key, shape[1]!.startsWith('url(#hatch-')]).toEqual([g.key, !excludesZero(g.sim_ci)]);
        }
      }
      // Every group is in the chart's "show all" view with its effect, interval and verdict.
      expect(html).toContain(`${fmt.signed(g.centred)}; simultaneous 95% CI: ${ci}; ${verdict}`);
    }
    if (probe === 'countries') expect(onMap).toBeGreaterThan(200);
  });

  it('calls no group unstable, and reports no direction flip for a group on the same side in every template', () => {
    const { html, result } = runs.get(probe)!;
    expect(html).not.toMatch(/unstable|not stable/);
    for (const g of groups()) {
      const side = g.centred < 0 ? g.templates_below : g.templates_above;
      if (side === result.stats!.n_templates) expect([g.key, g.direction_flip ?? false]).toEqual([g.key, false]);
      expect(g).not.toHaveProperty('stable');
    }
  });
});

function escapeRe(s: string): string {
  return escape(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('audit diff of the ONNX and TF.js runs of the demo model', () => {
  it('reports 0 changed groups: engine round-off (about 1e-7) is within the default tolerance', () => {
    const env = { XDG_CACHE_HOME: join(work, 'cache-engines') };
    for (const engine of ['onnx', 'tfjs']) {
      const r = audit(['run', '--probe', 'countries', '--engine', engine, '--out', join(work, engine), '--quiet', '--resamples', '400'], { env });
      expect([engine, r.code, r.stderr]).toEqual([engine, 0, '']);
    }
    const r = audit(['diff', join(work, 'onnx'), join(work, 'tfjs'), '--out', join(work, 'diff')], { env });
    expect(r.code).toBe(0);
    const diff = JSON.parse(readFileSync(join(work, 'diff', 'diff.json'), 'utf8')) as { conclusions: Record<string, number>; groups: unknown[] };
    expect(diff.conclusions).toMatchObject({ changed: 0, cannot_tell: 0, unchanged: diff.groups.length });
    expect(r.stderr).toContain('0 changed by more than 0.005');
    const html = readFileSync(join(work, 'diff', 'diff.html'), 'utf8');
    expect(html).toContain('<strong>0 changed</strong>');
    // Round-off is shown with the digits it needs, not as "0.000 (0.000 to 0.000)".
    expect(html).not.toMatch(/<td class="num change">[+\u2212]?0\.000 \(/);
  }, 300_000);
});

describe('every kind of report at 1,400 px in Chromium', () => {
  /** Elements wider than <main>, or scrolling sideways inside it (a table wider than its wrapper). */
  async function overflow(file: string): Promise<{ page: number; wide: string[] }> {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`file://${file}`);
      return await page.evaluate(() => {
        const limit = document.querySelector('main')!.getBoundingClientRect().right;
        const wide = Array.from(document.querySelectorAll('table, svg, figure, pre, .table-wrap'))
          .filter((e) => e.getBoundingClientRect().right > limit + 1 || e.scrollWidth > e.clientWidth + 1)
          .map((e) => `${e.tagName} in #${e.closest('section')?.id ?? '?'}`);
        return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, wide };
      });
    } finally {
      await browser.close();
    }
  }

  it('has no horizontal overflow in the probe, suite, data and diff reports', async () => {
    const env = { XDG_CACHE_HOME: join(work, 'cache') };
    // The shared datasets sit beside the checkout (../shared, as for the schemas of test/helpers/schemas.ts).
    const datasets = join(process.env.SHARED_DIR ?? join(PACKAGE_ROOT, '..', 'shared'), 'datasets');
    const suite = audit(['run', '--suite', 'winobias', '--datasets', datasets, '--out', join(work, 'suite'), '--quiet'], { env });
    const data = audit(['run', '--data', join(datasets, 'sst2', 'dev.tsv'), '--label-column', 'label', '--limit', '400', '--out', join(work, 'data'), '--quiet'], { env });
    expect([suite.code, suite.stderr, data.code, data.stderr]).toEqual([0, '', 0, '']);
    const files = [
      ...PROBES.map((p) => join(work, p, 'report.html')), join(work, 'suite', 'report.html'), join(work, 'data', 'report.html'),
      join(work, 'diff', 'diff.html'),
    ];
    for (const file of files) expect([file, await overflow(file)]).toEqual([file, { page: 0, wide: [] }]);
  }, 300_000);
});
