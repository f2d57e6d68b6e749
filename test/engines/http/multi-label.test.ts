/**
 * An HTTP endpoint serving a multi-label model (one sigmoid per label, so a text's scores need not sum to 1): refused
 * unless declared with --multi-label (`multiLabel`), then taken as they are, never rescaled, with a warning that
 * says so and a fingerprint of its own.
 */
import { DISCOVERY_TEXT, HttpClassifier, type HttpOptions } from '../../../src/engines/http/index.js';
import { readScores, ResponseShapeError } from '../../../src/engines/http/response.js';
import { AuditError } from '../../../src/errors.js';
import { startServer, type Call, type ScriptedServer } from './server.js';

const FAST: HttpOptions = { env: {}, retryBaseMs: 5, maxDelayMs: 2000, timeoutMs: 5000, maxRetries: 0, modelVersion: 'v1' };

/** The served model: P(toxic) and P(insult) from the text, independent of each other. */
const toxic = (t: string): number => ((t.length % 7) + 2) / 10;
const insult = (t: string): number => ((t.length % 5) + 4) / 10;
const sigmoidLists = (call: Call) => ({
  json: call.inputs.map((t) => [{ label: 'toxic', score: toxic(t) }, { label: 'insult', score: insult(t) }]),
});

describe('readScores for a multi-label model', () => {
  const row = [{ label: 'toxic', score: 0.9 }, { label: 'insult', score: 0.8 }];

  it('takes scores that sum to 1.7 as they are', () => {
    expect(readScores([row], ['a'], null, { multiLabel: true })).toEqual({ labels: ['insult', 'toxic'], probs: [[0.8, 0.9]], maxDeviation: 0 });
  });

  it('still refuses a score outside [0, 1], with no tolerance', () => {
    const body = [[{ label: 'toxic', score: 1.005 }, { label: 'insult', score: 0.2 }]];
    const e = (() => {
      try {
        readScores(body, ['a'], ['insult', 'toxic'], { multiLabel: true });
      } catch (x) {
        return x as ResponseShapeError;
      }
      throw new Error('accepted');
    })();
    expect(e.problems).toEqual(['text 0 "a": score 1.005 for toxic is not a probability']);
  });

  it('without the declaration, refuses them and names --multi-label', () => {
    expect(() => readScores([row], ['It was fine.'], null)).toThrow(ResponseShapeError);
    try {
      readScores([row], ['It was fine.'], null);
    } catch (e) {
      expect((e as ResponseShapeError).problems[0]).toBe(
        'text 0 "It was fine.": scores sum to 1.7000000000000002, not 1 (unnormalised output, or a multi-label model? declare one with --multi-label; otherwise the audit needs one probability distribution per text)',
      );
    }
  });
});

describe('HttpClassifier with multiLabel', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startServer(sigmoidLists);
  });
  afterEach(() => server.close());

  it('scores P(target) of the one label audited, unrescaled, and says it is multi-label', async () => {
    const model = await HttpClassifier.connect(server.url, { ...FAST, multiLabel: true, target: 'toxic' });
    expect([model.labels, model.target, model.multiLabel]).toEqual([['insult', 'toxic'], 'toxic', true]);
    const texts = ['You are kind.', 'Hello there, friend'];
    const got = await model.predict(texts);
    got.forEach((p, i) => {
      expect(p.probs).toEqual([insult(texts[i]), toxic(texts[i])]);
      expect(p.score).toBe(toxic(texts[i]));
      // logits are log-odds: a sigmoid gives each probability back
      p.logits.forEach((l, j) => expect(1 / (1 + Math.exp(-l))).toBeCloseTo(p.probs[j], 12));
    });
    expect(model.takeWarnings()).toContain(
      `${server.url}: declared multi-label (--multi-label): each label's score is taken as its own probability; scores are not required to sum to 1 and are not rescaled`,
    );
  });

  it('gets a fingerprint apart from the same URL audited as single-label', async () => {
    const multi = await HttpClassifier.connect(server.url, { ...FAST, multiLabel: true, labels: ['insult', 'toxic'], target: 'toxic' });
    const single = await HttpClassifier.connect(server.url, { ...FAST, labels: ['insult', 'toxic'], target: 'toxic' });
    expect(multi.fingerprint).not.toBe(single.fingerprint);
    expect(single.multiLabel).toBe(false);
  });

  it('without multiLabel, fails on the discovery request, naming the URL and --multi-label', async () => {
    const e: unknown = await HttpClassifier.connect(server.url, { ...FAST, target: 'toxic' }).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(AuditError);
    const text = [(e as AuditError).message, ...(e as AuditError).problems].join('\n');
    expect(text).toContain(server.url);
    expect(text).toContain(`text 0 ${JSON.stringify(DISCOVERY_TEXT)}: scores sum to`);
    expect(text).toContain('declare one with --multi-label');
  });
});
