import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { fillSlot, loadPromptFile } from '../../src/engines/openai/index.js';
import { validateResult } from '../../src/result/schema.js';
import { ensureBuilt, type CliResult } from '../helpers/cli.js';
import { analyticCompletion, analyticOffLabel, analyticPositive, startLlmServer, type LlmServer } from '../engines/openai/server.js';

const MAIN = join(PACKAGE_ROOT, 'dist', 'cli', 'main.js');
const PROMPT = join(PACKAGE_ROOT, 'test', 'fixtures', 'openai', 'prompts.yaml');
const TWO = join(PACKAGE_ROOT, 'test', 'fixtures', 'openai', 'prompts-two.yaml');
const MULTI = join(PACKAGE_ROOT, 'test', 'fixtures', 'openai', 'prompts-multi.yaml');
const KEY = 'sk-never-written-4f2a9c';
const user = loadPromptFile(PROMPT).prompts[0].user!;

/** The built CLI as a child process, without blocking: the server answering it runs in this process. */
function auditAsync(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', MAIN, ...args], { cwd: PACKAGE_ROOT, env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('audit run on an LLM behind the OpenAI-compatible API (local test server)', () => {
  let server: LlmServer;
  let tmp: string;

  beforeAll(async () => {
    ensureBuilt();
    server = await startLlmServer({ model: 'test-weights-1', systemFingerprint: 'fp_test' });
  });
  afterAll(() => server.close());
  beforeEach(() => { tmp = mkdtempSync(join(tmpdir(), 'audit-openai-cli-')); });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('runs the countries probe with the analytic scores, and writes the API key nowhere', async () => {
    const out = join(tmp, 'run');
    const env = { XDG_CACHE_HOME: join(tmp, 'cache'), OPENAI_API_KEY: KEY };
    // A seeded sample of the probe's 24,104 sentences (issue 22 item 4 tripled it): one request per text, so the whole
    // probe would take minutes on a loaded machine; the engine's path is the same.
    const r = await auditAsync(['run', '--probe', 'countries', '--limit', '1000', '--model', `openai+${server.url}`, '--model-name', 'test',
      '--prompt', PROMPT, '--out', out, '--resamples', '100'], env);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/scoring \d+ texts takes about \d+ requests \(one per text, before retries\); about [\d,]+ tokens \(estimated from the server's reported usage/);
    const file = join(out, 'result.json');
    const result = validateResult(JSON.parse(readFileSync(file, 'utf8')), file);
    expect(result.model).toMatchObject({ engine: 'openai', backend: 'openai', labels: ['NEGATIVE', 'POSITIVE'], demo: false });
    expect(result.records.length).toBeGreaterThan(20);
    for (const record of result.records) {
      expect(Math.abs(record.score - analyticPositive(fillSlot(user, record.text)))).toBeLessThan(1e-9);
      expect(Math.abs(record.off_label! - analyticOffLabel(fillSlot(user, record.text)))).toBeLessThan(1e-9);
    }
    expect(server.calls.every((c) => c.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    for (const f of [...filesUnder(out), ...filesUnder(join(tmp, 'cache'))]) expect(readFileSync(f).includes(KEY)).toBe(false);
    expect(`${r.stdout}${r.stderr}`).not.toContain(KEY);

    // A second run reads every score from the cache, keyed on the LLM's fingerprint: no request is sent.
    const before = server.calls.length;
    const again = await auditAsync(['run', '--probe', 'countries', '--limit', '1000', '--model', `openai+${server.url}`, '--model-name', 'test',
      '--prompt', PROMPT, '--out', join(tmp, 'again'), '--resamples', '100'], env);
    expect(again.code).toBe(0);
    expect(server.calls.length - before).toBe(1); // the first request, which asks the server which model it runs
    // Cached texts carry their off-label mass: the records and the model's summary are those of the first run.
    const cached = validateResult(JSON.parse(readFileSync(join(tmp, 'again', 'result.json'), 'utf8')), 'again');
    expect(cached.counts.cached).toBe(cached.counts.unique_texts);
    expect(cached.records.map((rec) => rec.off_label)).toEqual(result.records.map((rec) => rec.off_label));
    const [o, c] = [result.model.off_label!, cached.model.off_label!];
    expect([c.n, c.max, c.share_above_10pct]).toEqual([o.n, o.max, o.share_above_10pct]);
    expect(c.mean).toBeCloseTo(o.mean, 12);
  }, 300_000);

  it('runs the countries probe under two prompts: analytic scores per prompt, the prompt a factor in the statistics, report and check', async () => {
    const out = join(tmp, 'two');
    const env = { XDG_CACHE_HOME: join(tmp, 'cache') };
    const before = server.calls.length;
    const r = await auditAsync(['run', '--probe', 'countries', '--model', `openai+${server.url}`, '--model-name', 'test', '--prompt', TWO,
      '--out', out, '--resamples', '100', '--limit', '1500'], env); // a seeded sample keeps CI fast: 2 requests a sentence
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/prompt terse \(2 of 2\)/);
    expect(`${r.stdout}${r.stderr}`).toMatch(/scoring \d+ texts under prompt plain and the 1 after it takes about \d+ requests/);
    const file = join(out, 'result.json');
    const result = validateResult(JSON.parse(readFileSync(file, 'utf8')), file);
    if (result.kind !== 'probe') throw new Error('expected a probe result');
    expect(result.model.prompts).toEqual(['plain', 'terse']);
    const users = loadPromptFile(TWO).prompts.map((p) => p.user!);
    for (const record of result.records) {
      const want = users.map((u) => analyticPositive(fillSlot(u, record.text)));
      record.prompt_scores!.forEach((s, k) => expect(Math.abs(s - want[k])).toBeLessThan(1e-9));
      expect(Math.abs(record.score - (want[0] + want[1]) / 2)).toBeLessThan(1e-9);
      expect(record.off_label).toBeGreaterThan(0);
    }
    expect(server.calls.length - before).toBe(2 * result.counts.unique_texts + 1);
    const factor = result.stats.prompts!;
    expect(factor.n_prompts).toBe(2);
    expect(factor.groups).toHaveLength(result.stats.groups.length);
    // Groups the sample left out of every headline template have no effect (null); the others average over the prompts.
    const estimated = factor.groups.filter((g) => g.effects.every((e) => e !== null));
    expect(estimated.length).toBeGreaterThan(100);
    for (const g of estimated) {
      const pooled = result.stats.groups.find((x) => x.key === g.key)!.centred;
      expect((g.effects[0] + g.effects[1]) / 2).toBeCloseTo(pooled, 12);
    }
    // The local model answers " maybe" with about 14% of its mass: the first screen says so.
    expect(result.model.off_label!.share_above_10pct).toBeGreaterThan(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Off-label answers:');
    expect(html).toMatch(/Scored under 2 prompts \(plain, terse\)/);
    expect(html).toContain('id="prompts-table"');
    const check = await auditAsync(['check', out], env);
    expect([0, 1]).toContain(check.code);
    expect(readFileSync(join(out, 'check.json'), 'utf8')).toMatch(/"rules"/);
  });

  it('runs the countries probe through the Completions endpoint when verbalizers have several words: analytic scores and off-label mass', async () => {
    const out = join(tmp, 'multi');
    const before = server.calls.length;
    const r = await auditAsync(['run', '--probe', 'countries', '--model', `openai+${server.url}`, '--model-name', 'test', '--prompt', MULTI,
      '--out', out, '--resamples', '100', '--limit', '300'], { XDG_CACHE_HOME: join(tmp, 'cache') }); // 4 requests a sentence
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const said = `${r.stdout}${r.stderr}`;
    expect(said).toContain('scored through the Completions endpoint, one request per verbalizer (prompt p1 is completion-style)');
    expect(said).toMatch(/scoring \d+ texts takes about \d+ requests \(one per text and verbalizer: 4 verbalizers through the Completions endpoint/);
    const file = join(out, 'result.json');
    const result = validateResult(JSON.parse(readFileSync(file, 'utf8')), file);
    expect(result.model).toMatchObject({ engine: 'openai', labels: ['NEGATIVE', 'POSITIVE'], engine_reason: 'the model is an LLM behind ' +
      'the OpenAI-compatible API; scored through the Completions endpoint, one request per verbalizer (prompt p1 is completion-style)' });
    expect(result.records.length).toBeGreaterThan(20);
    const completion = loadPromptFile(MULTI).prompts[0].completion!;
    for (const record of result.records) {
      const want = analyticCompletion(fillSlot(completion, record.text));
      expect(Math.abs(record.score - want.positive)).toBeLessThan(1e-9);
      expect(Math.abs(record.off_label! - want.offLabel)).toBeLessThan(1e-9);
    }
    const sent = server.calls.slice(before);
    expect(sent).toHaveLength(4 * result.counts.unique_texts + 1);
    expect(sent.every((c) => c.url === '/v1/completions' && c.body.echo === true && c.body.logprobs === 1)).toBe(true);
  });

  it('replays an LLM run by asking again, and reports drift instead of claiming equality', async () => {
    const out = join(tmp, 'small');
    const env = { XDG_CACHE_HOME: join(tmp, 'cache') };
    const model = ['--model', `openai+${server.url}`, '--model-name', 'test', '--prompt', PROMPT];
    expect((await auditAsync(['run', '--probe', 'countries', ...model, '--out', out, '--resamples', '50', '--limit', '300'], env)).code).toBe(0);
    const same = await auditAsync(['run', '--replay', out, ...model, '--no-cache'], env);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/replay \(LLM re-asked; .*drift\): \d+ texts, score change mean 0\.0e\+0, max 0\.0e\+0; 0 texts moved more than 1e-6/);
    server.options.drift = 0.05;
    try {
      const moved = await auditAsync(['run', '--replay', out, ...model, '--no-cache'], env);
      expect(moved.code).toBe(0);
      const m = /(\d+) texts, score change mean ([\d.e+-]+), max ([\d.e+-]+); (\d+) texts? moved more than 1e-6/.exec(moved.stdout)!;
      expect(Number(m[4])).toBe(Number(m[1])); // every score moved
      expect(Number(m[3])).toBeGreaterThan(0.005);
      expect(Number(m[3])).toBeLessThan(0.0126); // d score / d logit <= 1/4
      expect(moved.stdout).not.toMatch(/match/);
    } finally {
      server.options.drift = 0;
    }
  });

  it('audits the user\'s own labelled texts (--data): every record, swaps included, has the analytic score', async () => {
    const rows = ['text,label'];
    const bits = ['She loved this film.', 'He loved this film.', 'She hated the ending.', 'He hated the ending.', 'A banana at a bazaar.', 'A moving story.'];
    for (let i = 0; i < 24; i++) rows.push(`"${bits[i % 6]} (${i})",${i % 6 >= 2 && i % 6 <= 4 ? 0 : 1}`);
    const file = join(tmp, 'reviews.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const out = join(tmp, 'data');
    const r = await auditAsync(['run', '--data', file, '--label-column', 'label', '--min-per-class', '5', '--resamples', '100', '--out', out,
      '--model', `openai+${server.url}`, '--model-name', 'test', '--prompt', PROMPT], { XDG_CACHE_HOME: join(tmp, 'cache') });
    expect(r.stderr).not.toMatch(/error/i);
    expect([0, 1]).toContain(r.code);
    const records = readFileSync(join(out, 'records.jsonl'), 'utf8').trim().split('\n')
      .map((l) => JSON.parse(l) as { text: string; score: number; off_label: number });
    expect(records.length).toBeGreaterThan(24);
    for (const rec of records) {
      expect(Math.abs(rec.score - analyticPositive(fillSlot(user, rec.text)))).toBeLessThan(1e-9);
      expect(Math.abs(rec.off_label - analyticOffLabel(fillSlot(user, rec.text)))).toBeLessThan(1e-9);
    }
    // The model block summarises the off-label mass, and the report's first screen warns about it (the local model puts
    // about 14% of its answer off the labels for the banana text).
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.model.off_label.n).toBe(result.counts.unique_texts);
    expect(result.model.off_label.share_above_10pct).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Off-label answers:');
  });

  it('runs a suite (a HolisticBias sample) through the LLM, one request per distinct text', async () => {
    const out = join(tmp, 'suite');
    const before = server.calls.length;
    const r = await auditAsync(['run', '--suite', 'holisticbias', '--sample', '200', '--seed', '4', '--resamples', '50', '--out', out,
      '--model', `openai+${server.url}`, '--model-name', 'test', '--prompt', PROMPT], { XDG_CACHE_HOME: join(tmp, 'cache') });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.model.engine).toBe('openai');
    expect(result.suites.holisticbias).toBeDefined();
    expect(server.calls.length - before).toBe(result.counts.unique_texts + 1);
    for (const rec of result.records) expect(Math.abs(rec.off_label - analyticOffLabel(fillSlot(user, rec.text)))).toBeLessThan(1e-9);
    expect(result.model.off_label.n).toBe(result.counts.unique_texts);
    expect(result.model.off_label.share_above_10pct).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Off-label answers:');
  });

  it('scores a server without log-probabilities from --sample-answers K: label frequencies, recorded answers, said in report, ' +
    'check, export and summary; refused without the flag', async () => {
    const sampler = await startLlmServer({ noLogprobs: true, seed: 11 });
    try {
      const env = { XDG_CACHE_HOME: join(tmp, 'cache') };
      const model = ['--model', `openai+${sampler.url}`, '--model-name', 'test', '--prompt', PROMPT];
      const refused = await auditAsync(['run', '--probe', 'countries', ...model, '--out', join(tmp, 'refused')], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/E_LLM_NO_LOGPROBS: .*no log-probabilities.*--sample-answers K/);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      const out = join(tmp, 'sampled');
      const K = 20;
      const r = await auditAsync(['run', '--probe', 'countries', ...model, '--sample-answers', String(K), '--limit', '400', '--resamples', '100',
        '--out', out], env);
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.code).toBe(0);
      expect(`${r.stdout}${r.stderr}`).toMatch(/scored through Chat Completions from 20 sampled answers per text at temperature 1 \(each score's binomial SE is at most 0\.112\)/);
      const file = join(out, 'result.json');
      const result = validateResult(JSON.parse(readFileSync(file, 'utf8')), file);
      expect(result.model.sampled).toEqual({ answers_per_text: K, temperature: 1, max_tokens: 6, max_se: 0.5 / Math.sqrt(K) });
      let z2 = 0;
      for (const record of result.records) {
        const { n, counts } = record.answers!;
        expect(n).toBe(K);
        const on = counts[0] + counts[1];
        expect(record.score).toBeCloseTo(counts[1] / on, 12);
        const p = analyticPositive(fillSlot(user, record.text));
        z2 += (counts[1] - on * p) ** 2 / (on * p * (1 - p));
      }
      // The frequencies scatter around the analytic probabilities as binomial draws do (mean z^2 near 1; seeded server).
      expect(z2 / result.records.length).toBeGreaterThan(0.7);
      expect(z2 / result.records.length).toBeLessThan(1.3);
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      expect(html).toMatch(/Sampled scores:<\/strong> Scores are sampled: .*share of 20 sampled answers per text .*0\.112/);
      const check = await auditAsync(['check', out], env);
      expect([0, 1]).toContain(check.code);
      const checked = JSON.parse(readFileSync(join(out, 'check.json'), 'utf8')) as { warnings: string[]; rules: { metric: string; message: string }[] };
      expect(checked.warnings.some((w) => w.startsWith('Scores are sampled'))).toBe(true);
      const flip = checked.rules.find((x) => x.metric === 'flip_rate');
      expect(flip?.message).toMatch(/flip_rate is biased upward by sampling/);
      expect(checked.rules.find((x) => x.metric === 'effect_sd')?.message).not.toMatch(/sampling/);
      const md = await auditAsync(['export', out, '--format', 'md'], env);
      expect(md.stdout).toMatch(/Scores are sampled: .*20 sampled answers per text/);
      const summary = await auditAsync(['summary', out, '--out', join(tmp, 'summary')], env);
      expect(summary.code).toBe(0);
      expect(readFileSync(join(tmp, 'summary', 'summary.md'), 'utf8')).toMatch(/Scores are sampled/);
    } finally {
      await sampler.close();
    }
  });

  it('exits 2 with one line when --max-requests or --max-tokens-budget would be passed, an answer is too large, or the prompt file is wrong', async () => {
    const env = { XDG_CACHE_HOME: join(tmp, 'cache') };
    const before = server.calls.length;
    const r = await auditAsync(['run', '--probe', 'countries', '--model', `openai+${server.url}`, '--model-name', 'test', '--prompt', PROMPT,
      '--out', join(tmp, 'run'), '--max-requests', '5'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_LLM_BUDGET: .*scoring \d+ texts takes about \d+ requests .*, which would pass --max-requests 5 \(1 sent so far\)/);
    expect(r.stderr.trim().split('\n').filter((l) => /error/.test(l))).toHaveLength(1);
    expect(server.calls.length - before).toBe(1); // the first request only: no text was scored
    const tokens = await auditAsync(['run', '--probe', 'countries', '--limit', '200', '--model', `openai+${server.url}`, '--model-name', 'test',
      '--prompt', PROMPT, '--out', join(tmp, 'run'), '--max-tokens-budget', '2000'], env);
    expect(tokens.code).toBe(2);
    expect(tokens.stderr).toMatch(/E_LLM_BUDGET: .*scoring 200 texts takes about 200 requests .*; about [\d,]+ tokens .*, which would pass --max-tokens-budget 2000 \(\d+ spent so far\); nothing was sent for them/);
    expect(tokens.stderr.trim().split('\n').filter((l) => /error/.test(l))).toHaveLength(1);
    expect(server.calls.length - before).toBe(2); // the first request of each run only
    server.options.padBytes = 100_000;
    try {
      const big = await auditAsync(['run', '--probe', 'countries', '--limit', '10', '--model', `openai+${server.url}`, '--model-name', 'test',
        '--prompt', PROMPT, '--out', join(tmp, 'big')], { ...env, AUDIT_MAX_RESPONSE_BYTES: '65536' });
      expect(big.code).toBe(2);
      expect(big.stderr.trim()).toBe(`audit: error E_HTTP_RESPONSE_SIZE: ${server.url}/chat/completions: the response body is over the ` +
        'limit of 64 KiB (set AUDIT_MAX_RESPONSE_BYTES to change it)');
    } finally {
      server.options.padBytes = 0;
    }
    const missing = await auditAsync(['run', '--probe', 'countries', '--model', `openai+${server.url}`, '--model-name', 'test', '--prompt', join(tmp, 'nope.yaml')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/E_PROMPT_MISSING: .*nope\.yaml: no such prompt file/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    // Multi-word verbalizers on a server whose /v1/completions does not echo the prompt: refused, naming the server.
    const noEcho = await startLlmServer({ noEcho: true });
    try {
      const refused = await auditAsync(['run', '--probe', 'countries', '--model', `openai+${noEcho.url}`, '--model-name', 'test', '--prompt',
        MULTI, '--out', join(tmp, 'no-echo')], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`E_LLM_NO_ECHO: ${noEcho.url}: the Completions endpoint cannot score the verbalizers of "test": it ` +
        'did not echo the prompt');
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      expect(noEcho.calls).toHaveLength(1);
    } finally {
      await noEcho.close();
    }
  });
});
