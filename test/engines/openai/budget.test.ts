import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failure } from './failure.js';
import { chatBody, fillSlot, OpenAIClassifier, parsePromptFile, PROBE_TEXT, type OpenAIOptions } from '../../../src/engines/openai/index.js';
import {
  messageBytes, readUsage, requestEstimate, TEMPLATE_TOKENS, textsEstimate, TokenMeter,
} from '../../../src/engines/openai/budget.js';
import { expandProbe } from '../../../src/expand/index.js';
import { loadProbeSpec } from '../../../src/probe/index.js';
import { ScoreCache } from '../../../src/runner/cache.js';
import { scoreTexts } from '../../../src/runner/score.js';
import { promptTokens, startLlmServer, type LlmServer, type LlmServerOptions } from './server.js';

const PROMPT = parsePromptFile(`prompts:
  - system: Label the sentiment.
    user: "Sentence: {text}"
labels:
  NEGATIVE: [negative]
  POSITIVE: [positive]
`, 'p.yaml');
const TEXTS = ['A fantastic drama, from start to end.', 'The weekend was terrible here.', 'Banana bread, again and again.', 'Eh.',
  'Über-long names: Ærøskøbing, Łódź, São Paulo.', 'Short.'];
const fast = { retryBaseMs: 1, maxDelayMs: 10 };
/** What the local server counts for a text: its prompt tokens (promptTokens) and one completion token. */
const DECODING = { temperature: 0 as const, max_tokens: 1 as const, top_logprobs: 20 };
const serverTokens = (text: string) => promptTokens(JSON.parse(chatBody('test', PROMPT, text, DECODING)).messages) + 1;
const firstRates = () => ({
  perByte: (serverTokens(PROBE_TEXT) - 1) / messageBytes(PROMPT, 0, PROBE_TEXT), completion: 1,
  floorBytes: messageBytes(PROMPT, 0, PROBE_TEXT),
});

let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function connect(serverOptions: LlmServerOptions = {}, options: Partial<OpenAIOptions> = {}) {
  await server?.close();
  server = await startLlmServer(serverOptions);
  return again(options);
}

/** Another classifier on the same server (the same fingerprint, so the same cached scores). */
function again(options: Partial<OpenAIOptions> = {}) {
  return OpenAIClassifier.connect(server!.url, { modelName: 'test', prompt: PROMPT, env: {}, ...fast, ...options });
}

describe('the token estimator', () => {
  it('reads usage only when both counts are whole non-negative numbers', () => {
    expect(readUsage({ usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 13 } })).toEqual({ prompt: 12, completion: 1 });
    for (const usage of [undefined, null, {}, { prompt_tokens: -1, completion_tokens: 1 }, { prompt_tokens: 1.5, completion_tokens: 1 },
      { prompt_tokens: '12', completion_tokens: 1 }]) expect(readUsage({ usage })).toBeUndefined();
  });

  it('estimates a request at the largest tokens per byte seen, or one token a byte plus the template when no usage was seen', () => {
    expect(requestEstimate(100, { perByte: null, completion: 1, floorBytes: 0 })).toBe(100 + TEMPLATE_TOKENS + 1);
    expect(requestEstimate(100, { perByte: 0.251, completion: 2, floorBytes: 40 })).toBe(26 + 2);
    expect(requestEstimate(10, { perByte: 0.251, completion: 2, floorBytes: 40 })).toBe(11 + 2); // never below the first request
    const meter = new TokenMeter(undefined, 1);
    meter.record(100, { prompt: 30, completion: 1 });
    meter.record(200, { prompt: 40, completion: 3 });
    expect(meter.snapshot()).toEqual({ perByte: 0.3, completion: 3, floorBytes: 100 });
    expect(meter.spent).toBe(74);
    meter.record(50, undefined);
    expect(meter.spent).toBe(74 + 30 + 3); // 50 bytes are estimated as the first request's 100
    expect(meter.unreported).toBe(1);
  });

  it('bounds from above what the local server counts for texts like the first request\'s, within a factor of 2', () => {
    const rates = firstRates();
    for (const text of TEXTS) {
      const estimate = requestEstimate(messageBytes(PROMPT, 0, text), rates);
      expect(estimate).toBeGreaterThanOrEqual(serverTokens(text));
      expect(estimate).toBeLessThan(2 * serverTokens(text));
    }
  });

  it('bounds every text of the religion probe from above, by less than half in total (the local server\'s word tokenizer)', async () => {
    const texts = [...new Set(expandProbe(await loadProbeSpec('religion')).map((item) => item.text))];
    const rates = firstRates();
    let [estimated, counted] = [0, 0];
    for (const text of texts) {
      const [e, c] = [requestEstimate(messageBytes(PROMPT, 0, text), rates), serverTokens(text)];
      if (e < c) throw new Error(`estimated ${e} < counted ${c} for ${JSON.stringify(text)}`);
      estimated += e;
      counted += c;
    }
    expect(texts.length).toBe(2106);
    expect(estimated / counted).toBeGreaterThan(1);
    expect(estimated / counted).toBeLessThan(1.5); // this short prompt's template tokens weigh on the rate
  });
});

describe('an LLM run under --max-tokens-budget', () => {
  it('prints the token estimate with the request estimate, and counts the usage the server reports', async () => {
    const c = await connect({}, { maxTokensBudget: 10_000 });
    const estimate = textsEstimate(PROMPT, [0], TEXTS, firstRates());
    expect(c.planRequests!(TEXTS.length, TEXTS)).toBe(`${server!.url}: scoring 6 texts takes about 6 requests (one per text, before ` +
      `retries); about ${estimate} tokens (estimated from the server's reported usage: ${firstRates().perByte.toFixed(3)} tokens per ` +
      `UTF-8 byte of the messages (the largest seen; no request below the first's ${firstRates().floorBytes} bytes) plus 1 completion ` +
      `token a request); budget --max-tokens-budget 10000, ` +
      `${serverTokens(PROBE_TEXT)} spent so far`);
    await c.predict(TEXTS);
    const spent = serverTokens(PROBE_TEXT) + TEXTS.reduce((a, t) => a + serverTokens(t), 0);
    expect(c.tokensSpent()).toEqual({ spent, unreported: 0 });
    expect(estimate).toBeGreaterThanOrEqual(spent - serverTokens(PROBE_TEXT));
  });

  it('refuses a run whose estimate passes the budget before sending anything for it (exit 2)', async () => {
    const first = serverTokens(PROBE_TEXT);
    const estimate = textsEstimate(PROMPT, [0], TEXTS, firstRates());
    const c = await connect({}, { maxTokensBudget: first + estimate - 1 });
    const message = await failure(() => c.planRequests!(TEXTS.length, TEXTS));
    expect(message).toMatch(new RegExp(`^E_LLM_BUDGET: .*about ${estimate} tokens .*, which would pass --max-tokens-budget ` +
      `${first + estimate - 1} \\(${first} spent so far\\); nothing was sent for them$`));
    expect(server!.calls).toHaveLength(1);
    const fits = await connect({}, { maxTokensBudget: first + estimate });
    expect(fits.planRequests!(TEXTS.length, TEXTS)).toMatch(/budget --max-tokens-budget/);
  });

  it('stops before a batch that would pass the budget, sending nothing of it', async () => {
    const [a, b] = [TEXTS.slice(0, 3), TEXTS.slice(3)];
    const rates = firstRates();
    const spentAfterA = serverTokens(PROBE_TEXT) + a.reduce((n, t) => n + serverTokens(t), 0);
    const budget = spentAfterA + textsEstimate(PROMPT, [0], b, rates) - 1;
    const c = await connect({}, { maxTokensBudget: budget });
    await c.predict(a);
    expect(c.tokensSpent().spent).toBe(spentAfterA);
    const message = await failure(c.predict(b));
    expect(message).toMatch(new RegExp(`^E_LLM_BUDGET: .*: the next batch of 3 texts would take about \\d+ tokens, which would pass ` +
      `--max-tokens-budget ${budget} \\(${spentAfterA} spent so far\\); stopped before sending it\\. The texts scored before it are ` +
      'in the score cache'));
    expect(server!.calls).toHaveLength(4);
  });

  it('stops within a batch when the server counts more than the estimate, before a request would pass the budget', async () => {
    const estimate = textsEstimate(PROMPT, [0], TEXTS, firstRates());
    const budget = serverTokens(PROBE_TEXT) + estimate;
    // The first text's answer counts 200 tokens more than the estimate: the next request is not sent.
    const c = await connect({ extraTokensFrom: { index: 1, tokens: 200 } }, { maxTokensBudget: budget, concurrency: 1 });
    expect(c.planRequests!(TEXTS.length, TEXTS)).toMatch(/budget/);
    const message = await failure(c.predict(TEXTS));
    expect(message).toMatch(/^E_LLM_BUDGET: .*the next request would pass --max-tokens-budget \d+ .*stopped within the batch/);
    expect(server!.calls).toHaveLength(2);
    expect(c.tokensSpent().spent).toBe(serverTokens(PROBE_TEXT) + serverTokens(TEXTS[0]) + 200);
  });

  it('loses no work: the batches before the stop are cached, and a rerun with a larger budget asks only the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-budget-'));
    try {
      const cache = ScoreCache.open(dir);
      const estimate = textsEstimate(PROMPT, [0], TEXTS, firstRates());
      // Calls 1 and 2 are the first batch; the server's count grows from call 2 on, so the second batch's estimate does too.
      const c = await connect({ extraTokensFrom: { index: 2, tokens: 40 } }, {
        maxTokensBudget: serverTokens(PROBE_TEXT) + estimate, concurrency: 1,
      });
      const message = await failure(scoreTexts(TEXTS, c, { cache, chunkSize: 2 }));
      expect(message).toMatch(/^E_LLM_BUDGET: .*the next batch of 2 texts .*stopped before sending it/);
      expect(server!.calls).toHaveLength(3);
      expect(cache.count(c.fingerprint)).toBe(2);
      server!.options.extraTokensFrom = undefined;
      const bigger = await again({ maxTokensBudget: 100_000 });
      expect(bigger.fingerprint).toBe(c.fingerprint);
      const rerun = await scoreTexts(TEXTS, bigger, { cache, chunkSize: 2 });
      expect(rerun).toMatchObject({ scored: 4, cached: 2 });
      expect(server!.calls.slice(4).map((call) => call.body.messages.at(-1)!.content).sort())
        .toEqual([...TEXTS].sort((x, y) => x.length - y.length).slice(2).map((t) => fillSlot(PROMPT.prompts[0].user!, t)).sort());
      cache.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to an upper bound when the server reports no usage, and says so', async () => {
    const c = await connect({ noUsage: true }, { maxTokensBudget: 5000 });
    expect(c.takeWarnings().join('\n')).toMatch(/the server reports no token usage, so --max-tokens-budget counts an upper bound/);
    expect(c.planRequests!(1, ['Eh.'])).toMatch(/about \d+ tokens \(the server reports no token usage, so this is an upper bound/);
    await c.predict(['Eh.']);
    const bound = (t: string) => messageBytes(PROMPT, 0, t) + TEMPLATE_TOKENS + 1;
    expect(c.tokensSpent()).toEqual({ spent: bound(PROBE_TEXT) + bound('Eh.'), unreported: 2 });
    expect(bound('Eh.')).toBeGreaterThanOrEqual(serverTokens('Eh.'));
    expect(c.takeWarnings()).toContain(`${server!.url}: 1 answer reported no token usage; --max-tokens-budget counted its estimate instead`);
  });

  it('refuses a budget that is not a whole number of at least 1', async () => {
    expect(await failure(connect({}, { maxTokensBudget: 0 }))).toMatch(/^E_LLM_OPTIONS: --max-tokens-budget 0: must be an integer >= 1/);
  });
});
