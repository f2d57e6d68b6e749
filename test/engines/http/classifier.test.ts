import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DISCOVERY_TEXT, HttpClassifier, type HttpOptions } from '../../../src/engines/http/index.js';
import { AuditError } from '../../../src/errors.js';
import { ScoreCache } from '../../../src/runner/cache.js';
import { scoreTexts } from '../../../src/runner/score.js';
import { hfLists, labelsForm, positiveProb, startServer, type Call, type Reply, type ScriptedServer } from './server.js';

/** Fast retries and no ambient token, so every test is bounded and hermetic. */
const FAST: HttpOptions = { env: {}, retryBaseMs: 5, maxDelayMs: 2000, timeoutMs: 5000 };
const good = (call: Call): Reply => ({ json: hfLists(call.inputs) });

async function rejection(p: Promise<unknown>): Promise<AuditError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AuditError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('HttpClassifier', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Calls after label discovery, i.e. the scoring requests. */
  const scoringCalls = () => server!.calls.filter((c) => !(c.inputs.length === 1 && c.inputs[0] === DISCOVERY_TEXT));

  it('sends the Hugging Face request: {inputs, parameters: {top_k: null}} as JSON with the bearer token', async () => {
    server = await startServer(good);
    const model = await HttpClassifier.connect(server.url, { ...FAST, token: 'secret-token', modelVersion: 'v1' });
    await model.predict(['I liked it.', 'Dull.']);
    const call = server.calls[1];
    expect(call.inputs).toEqual(['I liked it.', 'Dull.']);
    expect(call.parameters).toEqual({ top_k: null });
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.headers.authorization).toBe('Bearer secret-token');
    expect(model.backend).toBe('http');
    expect(model.name).toBe(server.url);
    expect(await model.predict([])).toEqual([]);
    expect(server.calls).toHaveLength(2);
  });

  it('learns the labels from the first answer, sorted by name in the list form, and reports P(target) as score', async () => {
    server = await startServer(good);
    const model = await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v1' });
    expect(server.calls.map((c) => c.inputs)).toEqual([[DISCOVERY_TEXT]]);
    expect(model.labels).toEqual(['NEGATIVE', 'POSITIVE']);
    const [a, b] = await model.predict(['Great!', 'So boring.']);
    expect(a.score).toBeCloseTo(positiveProb('Great!'), 15);
    expect(a.probs[0]).toBeCloseTo(1 - positiveProb('Great!'), 15);
    expect(a.label).toBe('POSITIVE');
    expect(a.logits.map(Math.exp)).toEqual(a.probs.map((p) => expect.closeTo(p, 15)));
    expect(b.score).toBeCloseTo(0.15, 15);
    expect(b.label).toBe('NEGATIVE');
    expect(a.inputIds).toEqual([]);
  });

  it("reads the {labels, scores} form in the server's label order", async () => {
    server = await startServer((call) => ({ json: labelsForm(call.inputs) }));
    const model = await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v1' });
    expect(model.labels).toEqual(['POSITIVE', 'NEGATIVE']);
    const [p] = await model.predict(['Great!']);
    expect(p.probs).toEqual([expect.closeTo(0.65, 15), expect.closeTo(0.35, 15)]);
    expect(p.score).toBeCloseTo(0.65, 15);
  });

  it('accepts the flattened single-text answer when the batch size is 1', async () => {
    server = await startServer((call) => ({ json: call.inputs.length === 1 ? (hfLists(call.inputs) as unknown[])[0] : { error: 'one at a time' } }));
    const model = await HttpClassifier.connect(server.url, { ...FAST, batchSize: 1, modelVersion: 'v1' });
    const out = await model.predict(['Good.', 'Bad one.']);
    expect(out.map((p) => p.score)).toEqual([expect.closeTo(positiveProb('Good.'), 15), expect.closeTo(positiveProb('Bad one.'), 15)]);
    expect(scoringCalls().map((c) => c.inputs)).toEqual([['Good.'], ['Bad one.']]);
  });

  it('checks --target against the discovered labels and lists them', async () => {
    server = await startServer(good);
    const e = await rejection(HttpClassifier.connect(server.url, { ...FAST, target: 'positive' }));
    expect(e.code).toBe('E_TARGET');
    expect(e.message).toBe(`--target "positive": ${server.url} has no such label (labels: NEGATIVE, POSITIVE)`);
  });

  it('keeps input order with 4 batches in flight, however the answers are timed', async () => {
    // Earlier batches answer later, so requests finish in the reverse of the order they were sent.
    server = await startServer((call) => ({ json: hfLists(call.inputs), delayMs: Math.max(0, 200 - 12 * call.index) }));
    const model = await HttpClassifier.connect(server.url, { ...FAST, labels: ['NEGATIVE', 'POSITIVE'], batchSize: 3, modelVersion: 'v1' });
    const texts = Array.from({ length: 40 }, (_, i) => `${'x'.repeat(i % 13)} text ${i}`);
    const out = await model.predict(texts);
    expect(server.calls).toHaveLength(14);
    expect(server.maxInFlight).toBe(4);
    expect(out.map((p) => p.score)).toEqual(texts.map((t) => expect.closeTo(positiveProb(t), 15)));
    expect(server.calls.flatMap((c) => c.inputs).sort()).toEqual([...texts].sort());
  });

  it('retries a 503 and then succeeds', async () => {
    server = await startServer((call) => (call.index === 1 ? { status: 503, json: { error: 'Model is currently loading', estimated_time: 0.05 } } : good(call)));
    const model = await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v1' });
    const [p] = await model.predict(['Fine.']);
    expect(p.score).toBeCloseTo(positiveProb('Fine.'), 15);
    expect(scoringCalls()).toHaveLength(2);
    expect(model.requestStats()).toEqual({ requests: 3, retries: 1 });
  });

  it('waits as long as Retry-After says after a 429', async () => {
    server = await startServer((call) => (call.index === 1 ? { status: 429, headers: { 'retry-after': '1' }, json: { error: 'rate limited' } } : good(call)));
    const model = await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v1' });
    const started = performance.now();
    await model.predict(['Fine.']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(scoringCalls()).toHaveLength(2);
  });

  it('retries a body that is not JSON and uses the good answer that follows', async () => {
    server = await startServer((call) => (call.index === 1 ? { raw: '[[{"label": "POSITIVE", "sco' } : good(call)));
    const model = await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v1' });
    const [p] = await model.predict(['Fine.']);
    expect(p.score).toBeCloseTo(positiveProb('Fine.'), 15);
    expect(scoringCalls()).toHaveLength(2);
  });

  it('gives up on bodies that are never JSON with E_HTTP_RESPONSE', async () => {
    server = await startServer(() => ({ raw: '<html>Bad Gateway</html>' }));
    const model = await HttpClassifier.connect(server.url, { ...FAST, labels: ['NEGATIVE', 'POSITIVE'], maxRetries: 1 });
    const e = await rejection(model.predict(['a']));
    expect(e.code).toBe('E_HTTP_RESPONSE');
    expect(e.message).toBe(`${server.url}: invalid response to a batch of 1 text: the body is not valid JSON: "<html>Bad Gateway</html>" (gave up after 2 attempts)`);
    expect(server.calls).toHaveLength(2);
  });

  it('retries after the connection is cut', async () => {
    server = await startServer((call) => (call.index === 0 ? { drop: true } : good(call)));
    const model = await HttpClassifier.connect(server.url, { ...FAST, labels: ['NEGATIVE', 'POSITIVE'] });
    const [p] = await model.predict(['Fine.']);
    expect(p.score).toBeCloseTo(positiveProb('Fine.'), 15);
    expect(server.calls).toHaveLength(2);
    expect(model.requestStats()).toEqual({ requests: 2, retries: 1 });
  });

  it('times out a slow answer and retries it', async () => {
    server = await startServer((call) => ({ ...good(call), delayMs: call.index === 1 ? 3000 : 0 }));
    const model = await HttpClassifier.connect(server.url, { ...FAST, timeoutMs: 150, modelVersion: 'v1' });
    const started = performance.now();
    const [p] = await model.predict(['Fine.']);
    const elapsed = performance.now() - started;
    expect(p.score).toBeCloseTo(positiveProb('Fine.'), 15);
    expect(scoringCalls()).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2000);
  });

  it('gives up on a server that never answers in time with E_HTTP_TIMEOUT', async () => {
    server = await startServer((call) => ({ ...good(call), delayMs: 3000 }));
    const e = await rejection(HttpClassifier.connect(server.url, { ...FAST, labels: ['NEGATIVE', 'POSITIVE'], timeoutMs: 100, maxRetries: 1 }).then((m) => m.predict(['a'])));
    expect(e.code).toBe('E_HTTP_TIMEOUT');
    expect(e.message).toBe(`${server.url}: no complete answer within 100 ms (gave up after 2 attempts)`);
    expect(server.calls).toHaveLength(2);
  });

  it('gives up after maxRetries with E_HTTP_STATUS, listing every attempt', async () => {
    server = await startServer(() => ({ status: 503, raw: 'upstream down' }));
    const e = await rejection(HttpClassifier.connect(server.url, { ...FAST, labels: ['NEGATIVE', 'POSITIVE'], maxRetries: 2 }).then((m) => m.predict(['a'])));
    expect(e.code).toBe('E_HTTP_STATUS');
    expect(e.message).toBe(`${server.url}: HTTP 503 Service Unavailable: "upstream down" (gave up after 3 attempts)`);
    expect(e.problems).toEqual([1, 2, 3].map((n) => `attempt ${n}: HTTP 503 Service Unavailable: "upstream down"`));
    expect(server.calls).toHaveLength(3);
  });

  it('does not retry a 401 and points at the token', async () => {
    server = await startServer(() => ({ status: 401, json: { error: 'Invalid credentials in Authorization header' } }));
    const e = await rejection(HttpClassifier.connect(server.url, FAST));
    expect(e.code).toBe('E_HTTP_STATUS');
    expect(e.message).toBe(`${server.url}: HTTP 401 Unauthorized: "Invalid credentials in Authorization header"; check --token (or HF_TOKEN for Hugging Face hosts)`);
    expect(server.calls).toHaveLength(1);
  });

  it('rejects a wrong number of results with E_HTTP_RESPONSE after one retry', async () => {
    server = await startServer((call) => ({ json: hfLists(call.inputs.slice(1)) }));
    const model = await HttpClassifier.connect(server.url, { ...FAST, labels: ['NEGATIVE', 'POSITIVE'] });
    const e = await rejection(model.predict(['a', 'b', 'c']));
    expect(e.code).toBe('E_HTTP_RESPONSE');
    expect(e.message).toBe(`${server.url}: invalid response to a batch of 3 texts: expected 3 results (one per text), got 2 (gave up after 2 attempts)`);
    expect(server.calls).toHaveLength(2);
  });

  it('stops the other batches when one fails for good', async () => {
    server = await startServer((call) => (call.inputs.includes('poison') ? { status: 400, json: { error: 'bad input' } } : { ...good(call), delayMs: 20 }));
    const model = await HttpClassifier.connect(server.url, { ...FAST, labels: ['NEGATIVE', 'POSITIVE'], batchSize: 1, concurrency: 2 });
    const texts = ['poison', ...Array.from({ length: 30 }, (_, i) => `t${i}`)];
    const e = await rejection(model.predict(texts));
    expect(e.code).toBe('E_HTTP_STATUS');
    expect(server.calls.length).toBeLessThanOrEqual(3);
  });

  it('fails with E_HTTP_UNREACHABLE when nothing listens', async () => {
    const gone = await startServer(good);
    await gone.close();
    const e = await rejection(HttpClassifier.connect(gone.url, { ...FAST, maxRetries: 1 }));
    expect(e.code).toBe('E_HTTP_UNREACHABLE');
    expect(e.message).toBe(`${gone.url}: request failed: fetch failed (ECONNREFUSED) (gave up after 2 attempts)`);
  });

  it('rescales scores that sum to nearly 1 and says so once', async () => {
    server = await startServer((call) => ({ json: call.inputs.map(() => [{ label: 'POSITIVE', score: 0.6 }, { label: 'NEGATIVE', score: 0.403 }]) }));
    const model = await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v1' });
    const [p] = await model.predict(['a', 'b']);
    expect(p.score).toBeCloseTo(0.6 / 1.003, 15);
    expect(model.takeWarnings()).toEqual([`${server.url}: some texts' scores summed to 1 ± 0.0030; they were rescaled to sum to 1`]);
    await model.predict(['c']);
    expect(model.takeWarnings()).toEqual([]);
  });

  it('fingerprints URL + version, and warns when there is no version', async () => {
    server = await startServer(good);
    const v1 = await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v1' });
    const v2 = await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v2' });
    const none = await HttpClassifier.connect(server.url, FAST);
    expect(new Set([v1.fingerprint, v2.fingerprint, none.fingerprint]).size).toBe(3);
    expect(v1.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(v1.takeWarnings()).toEqual([]);
    expect(none.takeWarnings()).toEqual([expect.stringMatching(/no --model-version given, so cached scores are keyed by the URL alone/)]);
  });

  it('sends credentials from the URL as Basic auth and keeps them out of the name', async () => {
    server = await startServer(good);
    const withCredentials = server.url.replace('http://', 'http://ann:pw@');
    const model = await HttpClassifier.connect(withCredentials, { ...FAST, modelVersion: 'v1' });
    expect(model.name).toBe(server.url);
    expect(server.calls[0].headers.authorization).toBe(`Basic ${Buffer.from('ann:pw').toString('base64')}`);
  });

  it('does not send HF_TOKEN to a host that is not Hugging Face', async () => {
    server = await startServer(good);
    const model = await HttpClassifier.connect(server.url, { ...FAST, env: { HF_TOKEN: 'hf_secret' }, modelVersion: 'v1' });
    expect(server.calls[0].headers.authorization).toBeUndefined();
    expect(model.takeWarnings()).toEqual([expect.stringMatching(/^HF_TOKEN is set but not sent to 127\.0\.0\.1:\d+/)]);
  });

  it('aborts requests in flight on dispose', async () => {
    server = await startServer((call) => ({ ...good(call), delayMs: 3000 }));
    const model = await HttpClassifier.connect(server.url, { ...FAST, labels: ['NEGATIVE', 'POSITIVE'] });
    const pending = model.predict(['a']);
    await new Promise((r) => setTimeout(r, 50));
    model.dispose();
    const e = await rejection(pending);
    expect(e.code).toBe('E_DISPOSED');
    expect((await rejection(model.predict(['b']))).code).toBe('E_DISPOSED');
  });

  describe('through scoreTexts with a score cache', () => {
    let dir: string;
    beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-http-')); });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('makes no scoring request the second time', async () => {
      server = await startServer(good);
      const texts = Array.from({ length: 70 }, (_, i) => `This film was filmed in country ${i}.`);
      const cache = ScoreCache.open(dir);
      const first = await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v1', batchSize: 8 });
      const a = await scoreTexts(texts, first, { cache });
      expect(scoringCalls()).toHaveLength(9);
      expect(a.scored).toBe(70);

      // The same classifier again: nothing at all is sent.
      const before = server.calls.length;
      const again = await scoreTexts(texts, first, { cache });
      expect(server.calls.length).toBe(before);
      expect(again.cached).toBe(70);

      // A new connection (a second CLI run) only asks for the labels, and not even that when they are given.
      const second = await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v1', batchSize: 8 });
      const b = await scoreTexts(texts, second, { cache });
      expect(server.calls.length).toBe(before + 1);
      expect(server.calls[before].inputs).toEqual([DISCOVERY_TEXT]);
      const third = await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v1', labels: ['NEGATIVE', 'POSITIVE'] });
      await scoreTexts(texts, third, { cache });
      expect(server.calls.length).toBe(before + 1);
      for (const t of texts) expect(b.predictions.get(t)!.score).toBeCloseTo(a.predictions.get(t)!.score, 12);
      cache.close();
    });

    it('scores again when the model version changes', async () => {
      server = await startServer(good);
      const cache = ScoreCache.open(dir);
      await scoreTexts(['a', 'b'], await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v1' }), { cache });
      const out = await scoreTexts(['a', 'b'], await HttpClassifier.connect(server.url, { ...FAST, modelVersion: 'v2' }), { cache });
      expect(out.scored).toBe(2);
      expect(scoringCalls()).toHaveLength(2);
      cache.close();
    });
  });
});
