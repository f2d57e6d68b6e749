import { createClassifier } from '../../../src/engines/create.js';
import { failure } from './failure.js';
import { answerLabel, fillSlot, OpenAIClassifier, parsePromptFile, sampledDecoding, type OpenAIOptions } from '../../../src/engines/openai/index.js';
import { analyticOffLabel, analyticPositive, startLlmServer, strength, type LlmServer, type LlmServerOptions } from './server.js';

const PROMPT = parsePromptFile(`prompts:
  - system: Label the sentiment.
    user: "Sentence: {text}"
labels:
  NEGATIVE: [negative]
  POSITIVE: [positive]
`, 'p.yaml');
const message = (text: string) => fillSlot(PROMPT.prompts[0].user!, text);
const fast = { retryBaseMs: 1, maxDelayMs: 10 };
// Texts whose P(POSITIVE) spreads from about 0.1 to 0.95 (the local model's strength is (#a - #e) / 4).
const TEXTS = Array.from({ length: 40 }, (_, i) => `text ${i}: ${'a'.repeat(i % 9)}${'e'.repeat((i * 7) % 8)}`);

let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function connect(serverOptions: LlmServerOptions = {}, options: Partial<OpenAIOptions> = {}) {
  server = await startLlmServer(serverOptions);
  return OpenAIClassifier.connect(server.url, { modelName: 'test', prompt: PROMPT, env: {}, ...fast, ...options });
}

/**
 * Standardised residuals of the POSITIVE counts against `truth`: z = (x - m p) / sqrt(m p (1 - p)) per text, m its
 * on-label answers. Right sampling gives mean z near 0 (sqrt(N) * mean ~ N(0, 1)) and mean z^2 near 1 (chi-square/N).
 */
function residuals(answers: { n: number; counts: number[] }[], truth: number[]): { meanZ: number; meanZ2: number } {
  const z = answers.map((a, i) => {
    const m = a.counts[0] + a.counts[1];
    return (a.counts[1] - m * truth[i]) / Math.sqrt(m * truth[i] * (1 - truth[i]));
  });
  return { meanZ: z.reduce((s, x) => s + x, 0) / z.length, meanZ2: z.reduce((s, x) => s + x * x, 0) / z.length };
}

/** The tolerance of the convergence test: |sqrt(N) mean z| < 4 and mean z^2 within 4 SDs (sqrt(2/N)) of 1. */
function withinTolerance(r: { meanZ: number; meanZ2: number }, N: number): boolean {
  return Math.abs(Math.sqrt(N) * r.meanZ) < 4 && Math.abs(r.meanZ2 - 1) < 4 * Math.sqrt(2 / N);
}

describe('answers mapped to labels by their text (sampled scores)', () => {
  it('reads the first word, any case, after quotes and marks; the longest verbalizer wins; other answers are off-label', () => {
    const labels = [{ verbalizers: ['negative', 'not good'] }, { verbalizers: ['positive', 'not'] }];
    expect(answerLabel('positive', labels)).toBe(1);
    expect(answerLabel('  Positive.', labels)).toBe(1);
    expect(answerLabel('"POSITIVE" - it praises', labels)).toBe(1);
    expect(answerLabel('**negative**', labels)).toBe(0);
    expect(answerLabel('not good at all', labels)).toBe(0);
    expect(answerLabel('not', labels)).toBe(1);
    expect(answerLabel('positively', labels)).toBeNull();
    expect(answerLabel('I think it is positive', labels)).toBeNull();
    expect(answerLabel('', labels)).toBeNull();
  });

  it('allows max_tokens for the longest verbalizer, and always samples at temperature 1', () => {
    expect(sampledDecoding(20, PROMPT)).toEqual({ n: 20, temperature: 1, max_tokens: 6 });
    expect(sampledDecoding(5, { labels: [{ name: 'A', verbalizers: ['x'.repeat(100)] }, { name: 'B', verbalizers: ['b'] }] }).max_tokens)
      .toBe(32);
  });
});

describe('an LLM server without log-probabilities, scored from K sampled answers per text', () => {
  it('refuses the server without --sample-answers, naming the flag', async () => {
    expect(await failure(connect({ noLogprobs: true }))).toMatch(
      /^E_LLM_NO_LOGPROBS: .*returned no log-probabilities for "test".*--sample-answers K/);
  });

  it('asks K answers in one request at temperature 1, and its frequencies converge to the analytic probabilities', async () => {
    const K = 200;
    const c = await connect({ noLogprobs: true, seed: 7 }, { sampleAnswers: K });
    expect(c.sampling).toEqual({ answersPerText: K, temperature: 1, maxTokens: 6 });
    const out = await c.predict(TEXTS);
    expect(server!.calls).toHaveLength(1 + TEXTS.length);
    expect(server!.calls[1].body).toMatchObject({ model: 'test', n: K, temperature: 1, max_tokens: 6 });
    expect(server!.calls[1].body).not.toHaveProperty('logprobs');
    const truth = TEXTS.map((t) => analyticPositive(message(t)));
    expect(Math.min(...truth)).toBeLessThan(0.2);
    expect(Math.max(...truth)).toBeGreaterThan(0.85);
    for (const [i, p] of out.entries()) {
      const on = p.answers!.counts[0] + p.answers!.counts[1];
      expect(p.answers!.n).toBe(K);
      expect(p.score).toBeCloseTo(p.answers!.counts[1] / on, 12);
      expect(p.offLabel).toBeCloseTo((K - on) / K, 12);
      // Each score within 4.5 binomial SEs of the truth (seeded: the server's draws are the same on every run).
      expect(Math.abs(p.score - truth[i])).toBeLessThan(4.5 * Math.sqrt(truth[i] * (1 - truth[i]) / on));
    }
    const right = residuals(out.map((p) => p.answers!), truth);
    expect(withinTolerance(right, TEXTS.length)).toBe(true);
    // The same test rejects a wrong sampler: frequencies at temperature 0.8 (the analytic P at logits / 0.8) fail it.
    const cooler = TEXTS.map((t) => {
      const s = strength(message(t)) / 0.8;
      return (Math.exp(s) + Math.exp(s - 2.5)) / (Math.exp(s) + Math.exp(s - 2.5) + Math.exp(-s));
    });
    expect(withinTolerance(residuals(out.map((p) => p.answers!), cooler), TEXTS.length)).toBe(false);
    // The off-label share converges too: its mean over texts within 4 SEs of the analytic mean.
    const off = out.map((p) => p.offLabel!);
    const offTruth = TEXTS.map((t) => analyticOffLabel(message(t)));
    const se = Math.sqrt(offTruth.reduce((s, q) => s + q * (1 - q) / K, 0)) / TEXTS.length;
    expect(Math.abs(off.reduce((a, b) => a + b, 0) / off.length - offTruth.reduce((a, b) => a + b, 0) / off.length)).toBeLessThan(4 * se);
  });

  it('asks K times when the server ignores n, and counts those requests against --max-requests', async () => {
    const K = 5;
    const c = await connect({ noLogprobs: true, ignoreN: true }, { sampleAnswers: K, maxRequests: 1 + 3 * K });
    expect(c.takeWarnings()).toContain(`${server!.url}: the server answered 1 of the 5 answers asked for (it ignores "n"), so each text ` +
      'takes 5 requests');
    expect(c.planRequests!(3)).toMatch(/scoring 3 texts takes about 15 requests \(5 per text: the server answers one sampled answer per request/);
    const out = await c.predict(TEXTS.slice(0, 3));
    expect(out.map((p) => p.answers!.n)).toEqual([K, K, K]);
    expect(server!.calls).toHaveLength(1 + 3 * K);
    expect(c.requestStats()).toEqual({ requests: 16, retries: 0 });
    expect(() => c.planRequests!(1)).toThrow(/E_LLM_BUDGET|would pass --max-requests 16/);
    expect(await failure(c.predict(TEXTS.slice(3, 4)))).toMatch(/^E_LLM_BUDGET: .*5 more requests would pass --max-requests 16/);
  });

  it('keys the fingerprint on the sampling settings: K answers, log-probabilities and another K differ', async () => {
    const prints: string[] = [];
    for (const sampleAnswers of [undefined, 10, 20]) {
      prints.push((await connect({}, { sampleAnswers })).fingerprint);
      await server!.close();
      server = undefined;
    }
    expect(new Set(prints).size).toBe(3);
  });

  it('refuses a text none of whose answers names a label, and an out-of-range K', async () => {
    const c = await connect({ noLogprobs: true }, { sampleAnswers: 4 });
    expect(await failure(c.predict(['OFFLABEL']))).toMatch(/^E_LLM_OFF_LABEL: .*"OFFLABEL" none of the 4 sampled answers .*"maybe"/);
    await server!.close();
    expect(await failure(connect({}, { sampleAnswers: 1 }))).toMatch(/^E_LLM_OPTIONS: --sample-answers 1: must be an integer from 2 to 1000/);
  });

  it('sums the answers over the prompts of a two-prompt file, the score the mean of the prompts\' frequencies', async () => {
    const two = parsePromptFile(`prompts:\n  - user: "Sentence: {text}"\n  - user: "{text} => sentiment?"\nlabels:\n  NEGATIVE: [negative]\n` +
      `  POSITIVE: [positive]\n`, 'two.yaml');
    server = await startLlmServer({ noLogprobs: true });
    const c = await OpenAIClassifier.connect(server.url, { modelName: 'test', prompt: two, env: {}, ...fast, sampleAnswers: 8 });
    const [p] = await c.predict([TEXTS[5]]);
    expect(p.answers!.n).toBe(16);
    expect(p.promptScores).toHaveLength(2);
    expect(p.score).toBeCloseTo((p.promptScores![0] + p.promptScores![1]) / 2, 12);
    expect(c.promptVariants![0].classifier.sampling).toEqual(c.sampling);
  });
});

describe('--sample-answers on a model that is not an LLM', () => {
  it('is a usage error: local and HTTP models give probabilities', async () => {
    expect(await failure(createClassifier({ model: 'demo', sampleAnswers: 5 }))).toMatch(/^E_LLM_OPTIONS: --sample-answers: only for LLM models/);
    expect(await failure(createClassifier({ model: 'http://127.0.0.1:9/x', sampleAnswers: 5 }))).toMatch(/^E_LLM_OPTIONS: /);
  });
});

describe('the test server\'s sampler', () => {
  it('gives the same answers for the same seed, whatever order requests arrive in', async () => {
    const runs: number[][] = [];
    for (const concurrency of [1, 4]) {
      const c = await connect({ noLogprobs: true, seed: 3 }, { sampleAnswers: 10, concurrency });
      runs.push((await c.predict(TEXTS.slice(0, 8))).map((p) => p.score));
      await server!.close();
      server = undefined;
    }
    expect(runs[0]).toEqual(runs[1]);
  });
});
