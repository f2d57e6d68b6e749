import { csvParse } from 'd3-dsv';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { renderReport } from '../../src/report/index.js';
import { checkRun } from '../../src/review/check.js';
import { DEFAULT_POLICY } from '../../src/review/check-io.js';
import { checkFile } from '../../src/review/check-json.js';
import { findingsOf } from '../../src/review/findings.js';
import { loadPolicy } from '../../src/review/policy.js';
import { HOSTILE_IMG, HOSTILE_SCRIPT, makeResult } from './helpers/make-result.js';

/**
 * Opens rendered reports from file:// in headless Chromium (CI installs /usr/bin/chromium). Every request
 * is routed: anything but the report file itself fails the test, so "self-contained" is checked, not assumed.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

let dir: string;
let browser: BrowserContext;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
  // A fresh user-data-dir per run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM, args: ARGS, viewport: { width: 1200, height: 900 },
  });
});

afterAll(async () => {
  await browser?.close();
  // Keep the screenshots when asked (REPORT_KEEP=1), to look at them.
  if (!process.env.REPORT_KEEP) rmSync(dir, { recursive: true, force: true });
});

/** Three decimals with the real minus sign "\u2212" the report uses in every number (issue 25). */
const minus = (x: number) => x.toFixed(3).replace('-', '\u2212');

interface Opened { page: Page; errors: string[]; requests: string[]; dialogs: string[] }

async function open(name: string, html: string): Promise<Opened> {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.newPage();
  const opened: Opened = { page, errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => { if (m.type() === 'error') opened.errors.push(m.text()); });
  page.on('pageerror', (e) => opened.errors.push(e.message));
  page.on('dialog', (d) => { opened.dialogs.push(d.message()); void d.dismiss(); });
  await page.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested === url) return route.continue();
    opened.requests.push(requested);
    return route.abort();
  });
  page.on('request', (r) => { if (r.url() !== url && !opened.requests.includes(r.url())) opened.requests.push(r.url()); });
  await page.goto(url, { waitUntil: 'load' });
  return opened;
}

describe('the report in a browser', () => {
  it('opens with the verdict: status word, rules and findings in the first screen at 1,400 px, then the rest', async () => {
    const result = makeResult();
    const policy = loadPolicy(DEFAULT_POLICY);
    const when = new Date('2025-11-26T12:00:00Z');
    const check = checkFile(checkRun(result, policy), findingsOf(result, policy), { policyFile: 'default.yaml', checkedAt: when });
    const { page, errors } = await open('verdict', renderReport(result, { now: new Date('2025-11-26T12:00:00Z'), check }));
    await page.setViewportSize({ width: 1400, height: 900 });
    const tops = await page.$$eval('#verdict-word, #verdict-rules, #findings, #summary, #methodology', (els) =>
      els.map((e) => ({ id: e.id, top: e.getBoundingClientRect().top + window.scrollY })));
    expect(tops.map((t) => t.id)).toEqual(['verdict-word', 'verdict-rules', 'findings', 'summary', 'methodology']);
    const top = Object.fromEntries(tops.map((t) => [t.id, t.top]));
    expect(top['verdict-word']).toBeLessThan(top['verdict-rules']);
    expect(top['verdict-rules']).toBeLessThan(top.findings);
    expect(top.findings).toBeLessThan(top.summary);
    // Status, rules and the findings heading are all in the first screen (900 px high).
    expect(top.findings).toBeLessThan(900);
    const words = { pass: 'Pass', fail: 'Fail', inconclusive: 'Inconclusive', no_rules: 'No rule applies' };
    expect(await page.textContent('#verdict-word')).toBe(words[check.status]);
    // The method is collapsed.
    expect(await page.$eval('#methodology', (e) => e.closest('details')?.open)).toBe(false);
    await page.screenshot({ path: join(dir, 'verdict.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens from disk with no console error and no network request, one filled shape per country with data', async () => {
    const result = makeResult();
    const { page, errors, requests } = await open('countries', renderReport(result, { now: new Date('2025-11-26T12:00:00Z') }));
    const withData = result.stats!.groups.length;
    const shapes = await page.$$eval('.map .country', (els) => els.map((e) => ({
      key: e.getAttribute('data-key'), fill: getComputedStyle(e).fill,
      width: (e as SVGGraphicsElement).getBBox().width, height: (e as SVGGraphicsElement).getBBox().height,
    })));
    const missing = await page.$$eval('#map figcaption', (els) => els[0]?.textContent ?? '');
    expect(new Set(shapes.map((s) => s.key)).size).toBe(shapes.length);
    expect(shapes.length).toBeGreaterThanOrEqual(withData - 3);
    expect(shapes.every((s) => s.fill !== 'none' && s.fill !== '' && s.width > 0 && s.height > 0)).toBe(true);
    expect(missing).toContain('Hover or focus');
    await page.screenshot({ path: join(dir, 'countries.png'), fullPage: true });
    await page.locator('#map').screenshot({ path: join(dir, 'countries-map.png') });
    expect(statSync(join(dir, 'countries.png')).size).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('shows a country tooltip on hover and on keyboard focus', async () => {
    const result = makeResult({ groups: 40, templates: 8 });
    const france = result.stats!.groups.find((g) => g.attrs.iso3 === 'FRA') ?? result.stats!.groups[0]!;
    const { page, errors } = await open('tooltip', renderReport(result));
    const shape = page.locator(`.map .country[data-key="${france.key}"]`);
    await shape.hover();
    const tooltip = page.locator('#tooltip');
    await expect(tooltip.isVisible()).resolves.toBe(true);
    const hovered = await tooltip.innerText();
    expect(hovered).toContain(france.key);
    // The effect with the interval the table shows, and the verdict that interval gives.
    const effect = (france.centred < 0 ? '\u2212' : '+') + Math.abs(france.centred).toFixed(3);
    const ci = `${minus(france.sim_ci[0])} to ${minus(france.sim_ci[1])}`;
    expect(hovered).toContain(`effect ${effect} (simultaneous 95% CI ${ci})`);
    expect(hovered).toMatch(france.sim_ci[0] > 0 || france.sim_ci[1] < 0 ? /differs: (higher|lower)/ : /cannot be told from the average/);
    expect(hovered).toContain(`mean score ${france.mean.toFixed(3)}, n ${france.n}`);

    await page.mouse.move(2, 2);
    await page.keyboard.press('Tab'); // nothing else is focusable before the map but the header text
    await shape.focus();
    const focused = await tooltip.innerText();
    expect(focused.split('\n')[0]).toBe(france.key);
    await page.locator('.chart [role="graphics-symbol"][aria-label]:not(.role-axis)').first().hover();
    expect(await tooltip.innerText()).toMatch(/effect: [+\u2212]?\d\.\d{3}\nsimultaneous 95% CI: /);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sorts the ranking table when a header is clicked', async () => {
    const { page } = await open('sort', renderReport(makeResult({ groups: 30, templates: 6 })));
    const column = (i: number) => page.$$eval(`#ranking-table tbody tr td:nth-child(${i})`, (tds) => tds.map((td) => td.getAttribute('data-sort') ?? td.textContent ?? ''));
    const holm = 1 + await page.$$eval('#ranking-table thead th', (ths) => ths.findIndex((th) => th.textContent?.includes('Holm p')));
    await page.locator('#ranking-table th', { hasText: 'Holm p' }).locator('button').click();
    const p = (await column(holm)).map(Number);
    expect(p).toEqual([...p].sort((a, b) => a - b));
    await page.locator('#ranking-table th', { hasText: 'Holm p' }).locator('button').click();
    const desc = (await column(holm)).map(Number);
    expect(desc).toEqual([...p].sort((a, b) => b - a));
    await page.close();
  });

  it('downloads the ranking as the CSV written with the report, formula cells guarded', async () => {
    const result = makeResult({ groups: 6, templates: 3 });
    result.stats!.groups[0]!.key = '=HYPERLINK("http://evil","x")';
    const { page, errors } = await open('download', renderReport(result));
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-download="ranking"]').click()]);
    expect(download.suggestedFilename()).toBe('ranking.csv');
    const rows = csvParse(readFileSync((await download.path())!, 'utf8'));
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.group)).toContain('\'=HYPERLINK("http://evil","x")');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders hostile group names and template text as text, and no dialog opens', async () => {
    const { page, errors, requests, dialogs } = await open('hostile', renderReport(makeResult({ groups: 20, templates: 4, hostile: true })));
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(await page.$$eval('script', (s) => s.length)).toBe(2); // the report's code and its JSON data, nothing injected
    expect(await page.$$eval('img', (s) => s.length)).toBe(0);
    const text = await page.locator('body').innerText();
    expect(text).toContain(HOSTILE_SCRIPT);
    expect(text).toContain(HOSTILE_IMG);
    const tableCells = await page.$$eval('#ranking-table td', (tds) => tds.map((td) => td.textContent));
    expect(tableCells).toContain(HOSTILE_SCRIPT);
    await page.locator(`.map .country[data-key="${HOSTILE_IMG}"]`).hover();
    expect((await page.locator('#tooltip').innerText()).split('\n')[0]).toBe(HOSTILE_IMG);
    const ranking = csvParse(JSON.parse(await page.locator('#ranking-data').textContent() ?? '""') as string);
    expect(ranking.map((r) => r.group)).toEqual(expect.arrayContaining([HOSTILE_SCRIPT, HOSTILE_IMG]));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('switches a chart to a live Vega view from the interactive report, with tooltips, offline and without errors', async () => {
    const result = makeResult({ groups: 20, templates: 4, hostile: true });
    const { page, errors, requests, dialogs } = await open('interactive', renderReport(result, { interactive: true }));
    const figure = page.locator('#chart-effects');
    expect(await figure.locator('svg').count()).toBe(1);
    await figure.locator('button', { hasText: 'Interactive view' }).click();
    await page.waitForSelector('#chart-effects .vega-live svg .mark-symbol path');
    // The static SVG is gone; the live one has one point per group.
    expect(await figure.locator('svg').count()).toBe(1);
    expect(await figure.locator('.vega-live svg .mark-symbol.role-mark path').count()).toBe(result.stats!.groups.length); // not the legend's
    expect(await page.locator('#chart-heatmap .vega-live').count()).toBe(0); // the other charts stay static
    const point = figure.locator('.vega-live svg .mark-symbol.role-mark path').first();
    await point.hover();
    await page.waitForFunction(() => !(document.getElementById('tooltip') as HTMLElement).hidden);
    const first = [...result.stats!.groups].sort((a, b) => b.centred - a.centred)[0]!;
    const tip = (await page.locator('#tooltip').innerText()).split('\n');
    expect(tip[0]).toBe(`\u2068${first.key}\u2069`); // bidi-isolated, as in the static charts
    expect(tip).toContain(`simultaneous 95% CI: ${minus(first.sim_ci[0])} to ${minus(first.sim_ci[1])}`);
    // Hostile names reach the live view only as text.
    const labels = await figure.locator('.vega-live svg .role-axis-label text').allTextContents();
    expect(labels).toEqual(expect.arrayContaining([`\u2068${HOSTILE_SCRIPT}\u2069`, `\u2068${HOSTILE_IMG}\u2069`]));
    await page.mouse.move(2, 2);
    await page.waitForFunction(() => (document.getElementById('tooltip') as HTMLElement).hidden);
    expect(dialogs).toEqual([]);
    expect(await page.$$eval('img', (s) => s.length)).toBe(0);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('runs every live chart under a CSP without unsafe-eval (Vega expressions go through vega-interpreter)', async () => {
    const html = renderReport(makeResult({ groups: 20, templates: 4 }), { interactive: true });
    const { page, errors, requests } = await open('interactive-csp', html);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain("script-src 'unsafe-inline';");
    expect(policy).not.toContain('unsafe-eval');
    for (const id of ['chart-effects', 'chart-heatmap', 'chart-distributions']) {
      await page.locator(`#${id} button`, { hasText: 'Interactive view' }).click();
      await page.waitForSelector(`#${id} .vega-live svg .mark-group`);
      expect(await page.locator(`#${id} button`).innerText()).toBe('Interactive view (on)');
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
