import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderReport } from '../../src/report/index.js';
import { checkRun } from '../../src/review/check.js';
import { DEFAULT_POLICY } from '../../src/review/check-io.js';
import { checkFile } from '../../src/review/check-json.js';
import { findingsOf } from '../../src/review/findings.js';
import { loadPolicy } from '../../src/review/policy.js';
import { makeResult } from './helpers/make-result.js';

/**
 * Print to PDF (issue 25): a probe report with a verdict, 60 countries (so the ranking folds) and collapsed method
 * details, printed by headless Chromium with page.pdf(), and read under print media at the width of an A4 page.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A4 (210 mm) less the stylesheet's 14 mm margins, in CSS pixels (96 per inch). */
const A4_CONTENT_PX = Math.floor(((210 - 2 * 14) / 25.4) * 96);

let dir: string;
let browser: Browser;
let url: string;
let findings: string[];

/** A fresh page: page.pdf() fires `beforeprint`, whose handler opens every <details>; emulateMedia alone does not. */
async function open(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: A4_CONTENT_PX, height: 1000 } });
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-print-'));
  const result = makeResult({ groups: 60, templates: 6 });
  const policy = loadPolicy(DEFAULT_POLICY);
  const found = findingsOf(result, policy);
  findings = found.findings.map((f) => f.sentence);
  const check = checkFile(checkRun(result, policy), found, { policyFile: 'default.yaml', checkedAt: new Date('2025-11-26T12:00:00Z') });
  const file = join(dir, 'report.html');
  writeFileSync(file, renderReport(result, { now: new Date('2025-11-26T12:00:00Z'), check }));
  url = pathToFileURL(file).href;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a probe report printed to PDF', () => {
  it('is produced as a PDF of a sane number of A4 pages', async () => {
    const page = await open();
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    // The first screen, summary, map-less charts, the full 60-row ranking, pairs, templates and method: several pages,
    // far fewer than one per table row.
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(30);
  });

  it('prints the verdict and every finding, and the rows and sections the screen folds away', async () => {
    expect(findings.length).toBeGreaterThan(0);
    const page = await open();
    await page.emulateMedia({ media: 'print' });
    const text = await page.evaluate(() => document.body.innerText);
    const verdict = await page.$eval('#verdict-word', (e) => (e as HTMLElement).innerText);
    expect(['Pass', 'Fail', 'Inconclusive']).toContain(verdict.trim());
    expect(text).toContain(verdict.trim());
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    for (const sentence of findings) expect(squash(text)).toContain(squash(sentence).slice(0, 60));
    // The method text sits in a closed <details> (the stylesheet shows it, no script needed); the ranking's middle rows
    // are folded on screen.
    expect(await page.$eval('details.method-details', (d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(text).toContain('Method and limitations');
    expect(await page.$eval('#methodology', (e) => e.checkVisibility())).toBe(true);
    const rows = await page.$$eval('#ranking-table tbody tr', (trs) => trs.map((tr) => getComputedStyle(tr).display));
    expect(rows).toHaveLength(60);
    expect(rows.every((d) => d === 'table-row')).toBe(true);
  });

  it('shows no controls, cuts no table at the page edge and starts each main section on a new page', async () => {
    const page = await open();
    await page.emulateMedia({ media: 'print' });
    const visibleControls = await page.$$eval('button, .js-only, .interactive-view, script', (els) =>
      els.filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.outerHTML.slice(0, 60)));
    expect(visibleControls).toEqual([]);
    const tooWide = await page.$$eval('table, figure, svg', (els, width) =>
      els.filter((e) => e.getBoundingClientRect().right > width + 1).map((e) => e.closest('[id]')?.id ?? e.tagName), A4_CONTENT_PX);
    expect(tooWide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(A4_CONTENT_PX);
    const breaks = await page.$$eval('main > section', (els) => els.map((e) => [e.id, getComputedStyle(e).breakBefore]));
    expect(breaks[0]).toEqual(['summary', 'auto']);
    expect(breaks.length).toBeGreaterThan(3);
    for (const [id, b] of breaks.slice(1)) expect([id, b]).toEqual([id, 'page']);
  });

  it('keeps the screen view unchanged: folded rows and closed method details stay folded on screen', async () => {
    const page = await open();
    const hidden = await page.$$eval('#ranking-table tbody tr', (trs) => trs.filter((tr) => getComputedStyle(tr).display === 'none').length);
    expect(hidden).toBe(60 - 30);
    expect(await page.$eval('#methodology', (e) => e.checkVisibility())).toBe(false);
  });
});
