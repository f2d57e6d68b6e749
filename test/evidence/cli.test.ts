/**
 * The Done-when of the evidence issue, end to end on the built binary and the tiny Hugging Face test model: a plan
 * over a probe, WinoBias and an SST-2 data run; run, review, keygen, sign, verify; one changed byte named by verify;
 * a changed lexicon refused by the next run; a demo-model review that cannot be signed; review.html in Chromium.
 */
import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { chromium, type BrowserContext } from 'playwright-core';
import { HF_FIXTURES, PACKAGE_ROOT } from '../../src/config/paths.js';
import { audit, ensureBuilt } from '../helpers/cli.js';

const TINY = join(HF_FIXTURES, 'tiny');
const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const dir = mkdtempSync(join(tmpdir(), 'evidence-cli-'));
const out = join(dir, 'audit');
const cache = ['--cache', join(dir, 'cache')];

function writePlanFiles(): void {
  writeFileSync(join(dir, 'cities.csv'), `name\nParis\nLagos\nLima\nOslo\nDhaka\n"${HOSTILE.replace(/"/g, '""')}"\n`);
  writeFileSync(join(dir, 'cities.yaml'), [
    'id: cities-test',
    `title: ${JSON.stringify(`Cities ${HOSTILE}`)}`,
    'attribute: city',
    'expectation: { type: invariant }',
    'templates:',
    '  - { id: filmed, text: "This film was filmed in {city}." }',
    '  - { id: shot, text: "The movie was shot in {city}.", paraphrase_of: filmed }',
    '  - { id: food, text: "I loved the food in {city}.", frame: positive }',
    '  - { id: trip, text: "Our trip to {city} was long." }',
    'slots:',
    '  city: { lexicon: ./cities.csv }',
  ].join('\n'));
}

beforeAll(() => {
  ensureBuilt();
  writePlanFiles();
});

describe('a plan, its runs, a review and a signed decision', () => {
  it('writes a plan with audit plan init, and runs it into DIR/runs/<id>/ with every input locked', () => {
    const plan = join(dir, 'plan.yaml');
    const init = audit(['plan', 'init', '--out', plan, '--model', TINY, '--probe', 'cities.yaml', '--suite', 'winobias', '--data', 'sst2-dev']);
    expect(init.code).toBe(0);
    writeFileSync(plan, readFileSync(plan, 'utf8')
      .replace('"TODO: the system"', JSON.stringify(`Review router ${HOSTILE}`)).replace(/"TODO: /g, '"')
      .replace('# label_column: label', 'label_column: label').replace('# sample: 1000', 'sample: 120')
      .replace('# intersect: [gender, nationality]', 'intersect: [gender, nationality]').replace('resamples: 2000', 'resamples: 200'));
    const r = audit(['run', '--plan', plan, '--out', out, '--quiet', ...cache]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect([0, 1]).toContain(r.code); // 1: a rule of the default policy fails on a run; every run is still written
    for (const id of ['probe-cities', 'suite-winobias', 'data-sst2-dev']) expect(existsSync(join(out, 'runs', id, 'result.json'))).toBe(true);
    const lock = JSON.parse(readFileSync(join(out, 'plan.lock.json'), 'utf8'));
    expect(lock.plan.version).toBe(1);
    expect(lock.model.demo).toBe(false);
    expect(lock.model.fingerprint).toBe(JSON.parse(readFileSync(join(out, 'runs', 'probe-cities', 'result.json'), 'utf8')).model.fingerprint);
    expect(lock.inputs.map((i: { role: string; path: string }) => `${i.role} ${i.path}`)).toEqual(expect.arrayContaining([
      'policy bias-audit:policies/default.yaml', 'probe cities.yaml', 'lexicon cities.csv',
      'dataset datasets:winobias/pro_stereotyped_type1.txt.dev', 'dataset datasets:sst2/dev.tsv',
    ]));
    expect(Object.keys(lock.runs)).toEqual(['probe-cities', 'suite-winobias', 'data-sst2-dev']);
    // The plan's intersect reaches the data run as --intersect would.
    const data = JSON.parse(readFileSync(join(out, 'runs', 'data-sst2-dev', 'result.json'), 'utf8'));
    expect(data.data.factorial.map((t: { attributes: string[]; measure: string }) => `${t.attributes.join(' x ')} ${t.measure}`))
      .toEqual(['gender x nationality mean_score', 'gender x nationality positive_rate', 'gender x nationality tpr', 'gender x nationality fpr']);
  });

  it('reviews every run: review.json says it can be filed, with each run\'s data described', () => {
    const r = audit(['review', out]);
    expect(r.code).toBe(0);
    const review = JSON.parse(readFileSync(join(out, 'review.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'review.schema.json'), 'utf8')));
    const valid = validate(review);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(review.filing.fileable).toBe(true);
    expect(review.filing.headline).toMatch(/^This review can be filed: 3 runs of model .*tiny \(fingerprint [0-9a-f]{12}\) under plan version 1\.$/);
    expect(review.runs.map((x: { id: string; kind: string }) => `${x.id}:${x.kind}`)).toEqual(['probe-cities:probe', 'suite-winobias:suite', 'data-sst2-dev:data']);
    const [probe, suite, data] = review.runs;
    expect(probe.test_data.size).toEqual({ n: 24, unit: 'sentences' });
    expect(probe.test_data.subgroups).toHaveLength(6);
    expect(probe.power.min_detectable_effect).toBeGreaterThan(0);
    expect(suite.test_data.sources[0].licence).toBe('MIT License (uclanlp/corefBias LICENSE)');
    expect(data.test_data.size).toEqual({ n: 120, unit: 'texts' });
    // audit run wrote check.json beside every result.json (the default policy): the review carries each run's verdict as written.
    for (const run of review.runs) {
      const check = JSON.parse(readFileSync(join(out, run.dir, 'check.json'), 'utf8'));
      expect(run.verdict.available).toBe(true);
      expect(['pass', 'fail', 'inconclusive']).toContain(run.verdict.status);
      expect(run.verdict.status).toBe(check.status);
      expect(run.verdict.policy).toEqual({ name: check.policy.name, version: 2, sha256: check.policy.sha256 });
      expect(run.verdict.rules.map((x: { id: string; status: string }) => `${x.id} ${x.status}`))
        .toEqual(check.rules.map((x: { id: string; status: string }) => `${x.id} ${x.status}`));
      expect(run.verdict.rules.some((x: { status: string }) => x.status !== 'not_applicable')).toBe(true);
      const sentences = check.findings.map((f: { sentence: string }) => f.sentence);
      expect(run.verdict.findings.map((f: { text: string }) => f.text)).toEqual(sentences);
    }
    // The per-attribute summary is audit summary's own, over the three runs: WinoBias ("she" − "he") and the SST-2 run's
    // gender swaps are two sources of one female − male contrast (the cities probe has no attribute of the summary table).
    expect(review.summary.available).toBe(true);
    expect(review.summary.runs).toEqual(['probe-cities', 'suite-winobias', 'data-sst2-dev']);
    const gender = review.summary.attributes.find((a: { attribute: string }) => a.attribute === 'gender');
    expect(gender.contrast).toBe('P(positive), female − male');
    expect(gender.sources.map((x: { label: string; run: string }) => `${x.run}: ${x.label}`)).toEqual([
      'suite-winobias: WinoBias ("she" − "he")', 'data-sst2-dev: data run, gender swaps (female − male version)']);
    const runDirs = ['probe-cities', 'suite-winobias', 'data-sst2-dev'].map((id) => join(out, 'runs', id));
    const summary = audit(['summary', ...runDirs, '--out', join(dir, 'summary'), '--quiet']);
    expect(summary.code).toBe(0);
    const own = JSON.parse(readFileSync(join(dir, 'summary', 'summary.json'), 'utf8'));
    expect(review.summary.attributes).toEqual(own.attributes.map((a: { sources: { run: string }[] }) => ({
      ...a, sources: a.sources.map((x) => ({ ...x, run: x.run.split('/').at(-1) })) })));
    expect(review.requirements.map((q: { id: string }) => q.id)).toEqual([
      'eu-ai-act-annex-iv-2g', 'eu-ai-act-annex-iv-3', 'nist-ai-rmf-measure-2-11', 'iso-iec-42001-a-6-2-4']);
  });

  it('signs with a generated key, verifies, and names a changed result.json', () => {
    const key = join(dir, 'reviewer');
    expect(audit(['keygen', '--out', key]).code).toBe(0);
    expect(readFileSync(key, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(`${key}.pub`, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    writeFileSync(join(dir, 'why.txt'), `No rule fails on the probe. ${HOSTILE}\n`);
    const s = audit(['sign', out, '--reviewer', 'Ada Lovelace <ada@example.org>', '--decision', 'approve-with-conditions',
      '--condition', `Re-run quarterly ${HOSTILE}`, '--rationale', join(dir, 'why.txt'), '--key', key]);
    expect(s.code).toBe(0);
    expect(s.stderr).toMatch(/^entry 1: approve-with-conditions by Ada Lovelace <ada@example\.org> at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, signed\n$/);
    const entry = JSON.parse(readFileSync(join(out, 'decisions.jsonl'), 'utf8').trim());
    expect(entry).toMatchObject({ entry: 1, decision: 'approve-with-conditions', reviewer: 'Ada Lovelace <ada@example.org>' });
    expect(entry.files.map((f: { path: string }) => f.path)).toContain('runs/suite-winobias/result.json');
    expect(entry.files.map((f: { path: string }) => f.path)).not.toContain('review.html');

    const md = audit(['export', out, '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^\*\*This review can be filed: /);
    expect(md.stdout).toContain('**Decision: approve-with-conditions** by Ada Lovelace &lt;ada&#64;example.org&gt; on ');
    // Markdown keeps parentheses (review/escape.ts: with "[" and "]" escaped they cannot form a link); markup is entities.
    expect(md.stdout).toContain('1. Re-run quarterly &lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(md.stdout).not.toContain('<script>');

    const ok = audit(['verify', out, '--pubkey', `${key}.pub`]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('every signature verifies');
    expect(audit(['verify', out]).stdout).toContain('signatures not attributed');

    const other = join(dir, 'other');
    audit(['keygen', '--out', other]);
    const wrong = audit(['verify', out, '--pubkey', `${other}.pub`]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('decisions.jsonl entry 1: the signature does not verify with the given public key');

    const file = join(out, 'runs', 'suite-winobias', 'result.json');
    const original = readFileSync(file);
    const changed = Buffer.from(original);
    changed[200] ^= 0x01;
    writeFileSync(file, changed);
    const bad = audit(['verify', out, '--pubkey', `${key}.pub`]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n')[0]).toMatch(/^audit: error E_VERIFY_FAILED: .*: runs\/suite-winobias\/result\.json: sha256 [0-9a-f]{12} differs from entry 1's/);
    writeFileSync(file, original);
    expect(audit(['verify', out]).code).toBe(0);
  });

  it('refuses a run of the plan after a lexicon changed, naming the lexicon (exit 2)', () => {
    writeFileSync(join(dir, 'cities.csv'), `${readFileSync(join(dir, 'cities.csv'), 'utf8')}Rome\n`);
    const r = audit(['run', '--plan', join(dir, 'plan.yaml'), '--out', out, '--quiet', ...cache]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^audit: error E_PLAN_DRIFT: .*plan\.lock\.json: lexicon file cities\.csv \(run probe-cities\) changed: sha256 [0-9a-f]{12}, locked [0-9a-f]{12}\n$/);
  });

  it('amends the plan: version 2, the old one kept with its sha256, every run made again; the signed record no longer verifies', () => {
    const plan = join(dir, 'plan.yaml');
    const before = readFileSync(join(out, 'plan.yaml'), 'utf8');
    const a = audit(['plan', 'amend', plan, '--out', out, '--quiet', ...cache]);
    expect(a.code).toBe(0);
    expect(readFileSync(plan, 'utf8')).toMatch(/^version: 2$/m);
    expect(readFileSync(join(out, 'plan-history', 'v1.yaml'), 'utf8')).toBe(before);
    const lock = JSON.parse(readFileSync(join(out, 'plan.lock.json'), 'utf8'));
    expect(lock.plan.version).toBe(2);
    expect(lock.history).toEqual([{ version: 1, file: 'plan-history/v1.yaml', sha256: createHash('sha256').update(before).digest('hex') }]);
    expect([0, 1]).toContain(audit(['run', '--plan', plan, '--out', out, '--quiet', ...cache]).code);
    expect(JSON.parse(readFileSync(join(out, 'plan.lock.json'), 'utf8')).runs['probe-cities']).toEqual({ plan_version: 2 });
    const v = audit(['verify', out]);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/^audit: error E_VERIFY_FAILED: .*: plan\.lock\.json: sha256 [0-9a-f]{12} differs from entry 1's/);
  });

  it('cannot sign a review of the demo model: the review says so in its first line', () => {
    const demo = join(dir, 'demo-audit');
    const plan = join(dir, 'demo-plan.yaml');
    expect(audit(['plan', 'init', '--out', plan, '--model', 'demo', '--probe', 'cities.yaml']).code).toBe(0);
    writeFileSync(plan, readFileSync(plan, 'utf8').replace(/"TODO: /g, '"').replace('# limit: 2000', 'limit: 20').replace('resamples: 2000', 'resamples: 100'));
    expect([0, 1]).toContain(audit(['run', '--plan', plan, '--out', demo, '--quiet', ...cache]).code);
    expect(audit(['review', demo]).code).toBe(0);
    const html = readFileSync(join(demo, 'review.html'), 'utf8');
    expect(html.match(/<p class="filing fail" id="filing">([^<]*)<\/p>/)![1])
      .toMatch(/^This review cannot be filed: the plan audits the embedded demo model/);
    writeFileSync(join(dir, 'why.txt'), 'fine\n');
    const s = audit(['sign', demo, '--reviewer', 'Ada <ada@example.org>', '--decision', 'approve', '--rationale', join(dir, 'why.txt')]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/^audit: error E_SIGN_REFUSED: .*demo-audit: This review cannot be filed: the plan audits the embedded demo model/);
    expect(existsSync(join(demo, 'decisions.jsonl'))).toBe(false);
  });
});

describe('audit run --data --redact', () => {
  it('writes no text and no per-row group value: an HMAC of each text under a key outside the run directory', () => {
    const csv = join(dir, 'reviews.csv');
    const rows = ['text,label,woman'];
    // Both labels inside and outside the subgroup (every other row), 25 of each in it: a subgroup is judged (its BPSN AUC
    // defined) from 20 positives and 20 negatives (docs/data-audit.md).
    for (let i = 0; i < 50; i++) rows.push(`"She loved this film, number ${i}.",1,${i % 2}`, `"He hated the ending, number ${i}.",0,${(i + 1) % 2}`);
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const run = join(dir, 'redacted');
    const args = ['run', '--data', csv, '--label-column', 'label', '--group-columns', 'woman', '--resamples', '50', '--quiet', ...cache, '--redact'];
    const inside = audit([...args, '--out', run, '--redact-key', join(run, 'key')]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/E_REDACT_KEY: --redact-key .*redacted\/key: inside .*redacted; keep the key outside the directory it protects/);
    expect(audit([...args, '--out', run, '--redact-key', join(dir, 'hmac.key')]).code).toBe(0);
    const key = Buffer.from(readFileSync(join(dir, 'hmac.key'), 'utf8').trim(), 'hex');
    expect(key).toHaveLength(32);
    for (const f of ['records.jsonl', 'scores.csv', 'result.json', 'report.html']) {
      expect(readFileSync(join(run, f), 'utf8')).not.toMatch(/loved this film|hated the ending/);
    }
    const first = JSON.parse(readFileSync(join(run, 'records.jsonl'), 'utf8').split('\n')[0]);
    expect(first.text).toBe(`hmac-sha256:${createHmac('sha256', key).update('She loved this film, number 0.').digest('hex')}`);
    expect(first.groups).toBeUndefined();
    expect(first.mentions).toEqual([]);
    // Counts, aggregate group names and metrics stay.
    const result = JSON.parse(readFileSync(join(run, 'result.json'), 'utf8'));
    expect(result.data.rows).toBe(100);
    expect(result.data.groups.subgroups.map((s: { subgroup: string }) => s.subgroup)).toContain('woman');
    expect(result.data.summary.bpsn_auc.value).toEqual(expect.any(Number));
  });
});

describe('review.html in a browser', () => {
  let browser: BrowserContext;
  beforeAll(async () => {
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      viewport: { width: 1400, height: 1000 },
    });
  });
  afterAll(async () => browser?.close());

  it('opens from disk with no network request and no console error; hostile text stays text; the filing line comes first', async () => {
    const url = pathToFileURL(join(out, 'review.html')).href;
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : (requests.push(route.request().url()), route.abort())));
    await page.goto(url, { waitUntil: 'load' });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll('img, script, iframe, [onerror]').length)).toBe(0);
    expect(await page.textContent('h1')).toBe(`Review: Review router ${HOSTILE}`);
    expect(await page.textContent('#decision ol li')).toBe(`Re-run quarterly ${HOSTILE}`);
    const order = await page.evaluate(() => Array.from(document.querySelectorAll('main > [id]'), (e) => e.id));
    expect(order).toEqual(['filing', 'decision', 'plan', 'runs', 'summary', 'limitations', 'requirements']);
    // The per-attribute summary renders review.json's: each source's signed contrast, interval and MDE, then the sentence.
    const gender = JSON.parse(readFileSync(join(out, 'review.json'), 'utf8')).summary.attributes.find((a: { attribute: string }) => a.attribute === 'gender');
    expect(await page.textContent('#attribute-gender h3')).toBe('gender');
    expect(await page.textContent('#attribute-gender .agreement')).toBe(gender.sentence);
    const cells = await page.$$eval('#attribute-gender tr', (rows) => rows.slice(1).map((r) => Array.from(r.children, (c) => c.textContent)));
    expect(cells.map((c) => c[0])).toEqual(gender.sources.map((x: { label: string }) => x.label));
    expect(cells[0][2]).toMatch(/^[+\u2212]?\d\.\d{3}$/);
    expect(cells[0][3]).toMatch(/^[+\u2212]?\d\.\d{3} to [+\u2212]?\d\.\d{3}$/);
    // Nothing is wider than the page at 1,400 px (tables scroll inside their own box).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1400);
    const shot = process.env.EVIDENCE_SCREENSHOT ?? join(dir, 'review.png');
    await page.screenshot({ path: shot, fullPage: false });
    await page.close();
  });
});
