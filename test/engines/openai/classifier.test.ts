import { failure } from './failure.js';
import { fillSlot, OpenAIClassifier, parsePromptFile, type OpenAIOptions } from '../../../src/engines/openai/index.js';
import { analyticPositive, startLlmServer, type LlmServer, type LlmServerOptions } from './server.js';

const PROMPT = parsePromptFile(`prompts:
  - system: Label the sentiment.
    user: "Sentence: {text}"
labels:
  NEGATIVE: [negative]
  POSITIVE: [positive]
`, 'p.yaml');
const TEXTS = ['A fantastic drama.', 'The weekend was terrible here.', 'Banana bread, again and again.', 'Eh.'];
const message = (text: string) => fillSlot(PROMPT.prompts[0].user!, text);
const fast = { retryBaseMs: 1, maxDelayMs: 10 };

let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function connect(serverOptions: LlmServerOptions = {}, options: Partial<OpenAIOptions> = {}) {
  server = await startLlmServer(serverOptions);
  return OpenAIClassifier.connect(server.url, { modelName: 'test', prompt: PROMPT, env: {}, ...fast, ...options });
}

describe('an LLM behind the OpenAI-compatible API as a classifier', () => {
  it('scores each text with the analytic P(POSITIVE) of the local model, to 1e-9', async () => {
    const c = await connect();
    const out = await c.predict(TEXTS);
    out.forEach((p, i) => {
      const want = analyticPositive(message(TEXTS[i]));
      expect(Math.abs(p.score - want)).toBeLessThan(1e-9);
      expect(Math.abs(p.probs[0] - (1 - want))).toBeLessThan(1e-9);
      expect(p.label).toBe(want >= 0.5 ? 'POSITIVE' : 'NEGATIVE');
    });
    expect(c.labels).toEqual(['NEGATIVE', 'POSITIVE']);
    expect(c.offLabelMass(TEXTS[0])).toBeGreaterThan(0);
    const sent = server!.calls[1].body;
    expect(sent).toMatchObject({ model: 'test', temperature: 0, max_tokens: 1, logprobs: true, top_logprobs: 20 });
    expect(sent.messages).toEqual([{ role: 'system', content: 'Label the sentiment.' }, { role: 'user', content: message(TEXTS[0]) }]);
  });

  it('keeps at most the concurrency limit in flight and retries 429 (Retry-After) and 500', async () => {
    const c = await connect({ failFirst: [429, 500] }, { concurrency: 2 });
    const texts = Array.from({ length: 10 }, (_, i) => `text number ${i} ${'a'.repeat(i)}`);
    const out = await c.predict(texts);
    out.forEach((p, i) => expect(Math.abs(p.score - analyticPositive(message(texts[i])))).toBeLessThan(1e-9));
    expect(server!.maxInFlight).toBeLessThanOrEqual(2);
    expect(c.requestStats()).toEqual({ requests: 13, retries: 2 });
  });

  it('refuses a server that returns no log-probabilities, before scoring anything', async () => {
    expect(await failure(connect({ noLogprobs: true }))).toMatch(/^E_LLM_NO_LOGPROBS: .*returned no log-probabilities for "test"/);
  });

  it('scores a label outside the top k as 0 and says so; refuses a text answered wholly off-label', async () => {
    const c = await connect({ capTopK: 1 });
    const [p] = await c.predict(['aaaa']);
    expect(p.probs).toEqual([0, 1]);
    expect(c.takeWarnings()).toContain(`${server!.url}: label NEGATIVE was outside the top 20 answers for 1 texts; its probability there is taken as 0`);
    expect(await failure(c.predict(['OFFLABEL']))).toMatch(/^E_LLM_OFF_LABEL: .*"OFFLABEL".*" maybe"/);
  });

  it('records the off-label mass of a mostly off-label answer and warns about it', async () => {
    const c = await connect({ capTopK: 5 });
    await c.predict(['OFFLABEL answer']);
    expect(c.offLabelMass('OFFLABEL answer')).toBeGreaterThan(0.99);
    expect(c.takeWarnings().some((w) => /for 1 of 1 answers the model put more than half its answer on none of the labels/.test(w))).toBe(true);
  });

  it('stops before passing --max-requests, sending nothing for the batch', async () => {
    const c = await connect({}, { maxRequests: 4 });
    await c.predict(TEXTS.slice(0, 3));
    expect(await failure(c.predict(TEXTS.slice(0, 1)))).toMatch(/^E_LLM_BUDGET: .*1 more request would pass --max-requests 4 \(4 sent so far\)/);
    expect(server!.calls).toHaveLength(4);
  });

  it('sends the API key from OPENAI_API_KEY (or --api-key-env) as a bearer token, and keeps it out of the fingerprint', async () => {
    const c = await connect({}, { env: { OPENAI_API_KEY: 'sk-secret-1' } });
    expect(server!.calls[0].headers.authorization).toBe('Bearer sk-secret-1');
    await server!.close();
    const d = await connect({}, { env: { MY_KEY: 'sk-secret-2' }, apiKeyEnv: 'MY_KEY' });
    expect(server!.calls[0].headers.authorization).toBe('Bearer sk-secret-2');
    expect(d.fingerprint).not.toContain('secret');
    expect(await failure(OpenAIClassifier.connect(server!.url, { modelName: 'test', prompt: PROMPT, env: {}, apiKeyEnv: 'UNSET_KEY' }))).toMatch(/^E_LLM_OPTIONS: --api-key-env UNSET_KEY/);
    expect(c.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the fingerprint with the server-reported model, the system fingerprint and the prompt', async () => {
    const prints: string[] = [];
    for (const opts of [{ model: 'a' }, { model: 'b' }, { model: 'a', systemFingerprint: 'fp1' }]) {
      prints.push((await connect(opts)).fingerprint);
      await server!.close();
    }
    const other = parsePromptFile(`prompts:\n  - user: "Text: {text}"\nlabels:\n  NEGATIVE: [negative]\n  POSITIVE: [positive]\n`, 'q.yaml');
    server = await startLlmServer({ model: 'a' });
    prints.push((await OpenAIClassifier.connect(server.url, { modelName: 'test', prompt: other, env: {} })).fingerprint);
    expect(new Set(prints).size).toBe(4);
  });

  it('asks each text under each prompt of a two-prompt file: one classifier per prompt, the whole averaging them', async () => {
    const two = parsePromptFile(`prompts:
  - user: "Sentence: {text}"
  - id: terse
    user: "{text} => sentiment?"
labels:
  NEGATIVE: [negative]
  POSITIVE: [positive]
`, 'two.yaml');
    server = await startLlmServer();
    const c = await OpenAIClassifier.connect(server.url, { modelName: 'test', prompt: two, env: {}, ...fast });
    expect(c.promptVariants!.map((v) => v.id)).toEqual(['p1', 'terse']);
    const [first, second] = c.promptVariants!.map((v) => v.classifier);
    expect(new Set([c.fingerprint, first.fingerprint, second.fingerprint]).size).toBe(3);
    const under = (i: number, text: string) => analyticPositive(fillSlot(two.prompts[i].user!, text));
    const [a] = await first.predict([TEXTS[0]]);
    const [b] = await second.predict([TEXTS[0]]);
    expect(Math.abs(a.score - under(0, TEXTS[0]))).toBeLessThan(1e-9);
    expect(Math.abs(b.score - under(1, TEXTS[0]))).toBeLessThan(1e-9);
    expect(a.score).not.toBeCloseTo(b.score, 3); // the wording moves the local model's score
    const both = await c.predict(TEXTS);
    both.forEach((p, i) => {
      expect(p.promptScores).toHaveLength(2);
      p.promptScores!.forEach((s, k) => expect(Math.abs(s - under(k, TEXTS[i]))).toBeLessThan(1e-9));
      expect(Math.abs(p.score - (under(0, TEXTS[i]) + under(1, TEXTS[i])) / 2)).toBeLessThan(1e-9);
      expect(p.offLabel).toBeGreaterThan(0);
    });
    // One budget for every prompt: the first prompt's plan counts the prompt after it.
    expect(first.planRequests!(10)).toMatch(/scoring 10 texts under prompt p1 and the 1 after it takes about 20 requests/);
    expect(second.planRequests!(10)).toMatch(/scoring 10 texts under prompt terse takes about 10 requests/);
    // The last text under each prompt, in either order: with 4 in flight the two requests may arrive either way round.
    expect(server.calls.map((call) => call.body.messages.at(-1)!.content).slice(-2).sort()).toEqual([
      fillSlot(two.prompts[0].user!, TEXTS[3]), fillSlot(two.prompts[1].user!, TEXTS[3])].sort());
  });

  it('refuses two prompts with one name', () => {
    expect(() => parsePromptFile(`prompts:
  - {id: a, user: "{text}"}
  - {id: a, user: "Text {text}"}
labels: {NEGATIVE: [negative], POSITIVE: [positive]}
`, 'dup.yaml')).toThrow(/invalid prompt file/);
  });
});
