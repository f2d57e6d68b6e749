import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import { renderReport } from '../../src/report/index.js';
import { intersectionTable, namesTable } from '../helpers/intersection-table.js';
import { makeRun } from '../review/helpers/synthetic.js';

/**
 * The crossed-attribute section in headless Chromium at 1,400 px: the grid as drawn agrees with the table (each
 * cell's colour side and mark), and nothing scrolls sideways. REPORT_KEEP=1 keeps the page and a screenshot.
 */
let dir: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intersection-browser-'));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
  if (process.env.REPORT_KEEP) process.stdout.write(`kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
});

async function open(name: string, table = namesTable()) {
  const run = makeRun({ probe: 'names_intersectional', attribute: 'name', title: 'Given names, ethnicity x gender' });
  run.stats.intersection = table;
  const file = join(dir, `${name}.html`);
  writeFileSync(file, renderReport(run, { now: new Date('2026-12-07T12:00:00Z') }));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`file://${file}`);
  if (process.env.REPORT_KEEP) {
    await page.locator('#intersection').screenshot({ path: join(dir, `${name}.png`) });
  }
  return page;
}

describe('the crossed-attribute grid in a browser at 1,400 px', () => {
  it('colours each cell on the side of its effect (red below, blue above), bold where it differs, with no overflow', async () => {
    const page = await open('names');
    const cells = await page.$$eval('#intersection-grid td.cell', (tds) => tds.map((td) => {
      const [r, , b] = getComputedStyle(td).backgroundColor.match(/\d+/g)!.map(Number);
      const effect = td.querySelector('.effect')!.textContent!.replace('\u2212', '-');
      return { effect: Number(effect), redder: r > b, bluer: b > r, weight: getComputedStyle(td.querySelector('.effect')!).fontWeight,
        differs: td.classList.contains('differs') };
    }));
    expect(cells).toHaveLength(10);
    for (const c of cells) {
      if (c.effect < -0.005) expect(c.redder).toBe(true);
      if (c.effect > 0.005) expect(c.bluer).toBe(true);
      expect(c.weight).toBe(c.differs ? '700' : '400');
    }
    const overflow = await page.evaluate(() => {
      const limit = document.querySelector('main')!.getBoundingClientRect().right;
      const wide = Array.from(document.querySelectorAll('#intersection table, #intersection .table-wrap'))
        .filter((e) => e.getBoundingClientRect().right > limit + 1 || e.scrollWidth > e.clientWidth + 1).map((e) => e.id || e.className);
      return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, wide };
    });
    expect(overflow).toEqual({ page: 0, wide: [] });
  }, 60_000);

  it('fits a 12 x 2 country by gender table with an empty cell', async () => {
    const countries = ['Afghanistan', 'Brazil', 'China', 'Egypt', 'France', 'Germany', 'India', 'Kenya', 'Mexico', 'Nigeria',
      'United Kingdom', 'United States'];
    const page = await open('countries', intersectionTable({
      attributes: ['country', 'person.gender'], levels: [countries, ['female', 'male']],
      mainA: countries.map((_, i) => (i - 5.5) / 100), mainB: [0.01, -0.01],
      interaction: countries.map((_, i) => (i === 7 ? [-0.06, 0.06] : i === 8 ? [0.06, -0.06] : [0, 0])), empty: [[0, 1]],
    }));
    expect(await page.$$eval('#intersection-grid td.cell', (tds) => tds.length)).toBe(24);
    // 55 tetrads: the 12 largest first, the rest behind "show all".
    const visible = () => page.$$eval('#intersection-interactions tbody tr', (trs) => trs.filter((tr) => (tr as HTMLElement).offsetParent).length);
    expect(await visible()).toBe(12);
    await page.click('button[data-unfold="intersection-interactions"]');
    expect(await visible()).toBe(55);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  }, 60_000);
});
