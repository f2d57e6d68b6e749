/**
 * The README's pictures: the first screen (1,400 x 900 px) of a probe, a suite, a data and a diff report, as small
 * PNGs under docs/. Usage: node scripts/screenshots.mjs PROBE_HTML SUITE_HTML DATA_HTML DIFF_HTML
 * (the reports of `audit run --probe countries`, `--suite winobias`, `--data sst2-dev --label-column label` and
 * `audit diff` of two countries runs, on the demo model). Headless Chromium via playwright-core, as the browser tests.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const NAMES = ['report-probe', 'report-suite', 'report-data', 'report-diff'];
const files = process.argv.slice(2);
if (files.length !== NAMES.length) {
  process.stderr.write('usage: node scripts/screenshots.mjs PROBE_HTML SUITE_HTML DATA_HTML DIFF_HTML\n');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  // deviceScaleFactor 1 and a JPEG-like palette are not available for PNG; 1,400 x 900 at scale 1 keeps each file small.
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  for (const [i, file] of files.entries()) {
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
    await page.screenshot({ path: `docs/${NAMES[i]}.png` });
    process.stdout.write(`docs/${NAMES[i]}.png\n`);
  }
} finally {
  await browser.close();
}
