/**
 * The LLM engine as a client of a server that misbehaves (issue 28 items 4 and 5): answers too large to read, 429
 * with a Retry-After to honour, 500s that do not stop, and log-probabilities without top_logprobs.
 */
import { failure } from './failure.js';
import { fillSlot, OpenAIClassifier, parsePromptFile, type OpenAIOptions } from '../../../src/engines/openai/index.js';
import { analyticPositive, startLlmServer, type LlmServer, type LlmServerOptions } from './server.js';

const PROMPT = parsePromptFile(`prompts:
  - user: "Sentence: {text}"
labels:
  NEGATIVE: [negative]
  POSITIVE: [positive]
`, 'p.yaml');
const fast = { retryBaseMs: 1, maxDelayMs: 5000 };

let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  delete process.env.AUDIT_MAX_RESPONSE_BYTES;
});

async function connect(serverOptions: LlmServerOptions = {}, options: Partial<OpenAIOptions> = {}) {
  server = await startLlmServer(serverOptions);
  return OpenAIClassifier.connect(server.url, { modelName: 'test', prompt: PROMPT, env: {}, ...fast, ...options });
}

describe('the LLM engine against a misbehaving server', () => {
  it('refuses an answer over the response-size limit, naming the endpoint, without retrying it', async () => {
    process.env.AUDIT_MAX_RESPONSE_BYTES = '4096';
    const c = await connect();
    server!.options.padBytes = 100_000;
    // The server streams its answer without a Content-Length: the reader stops at the limit.
    expect(await failure(c.predict(['A huge answer.']))).toBe(`E_HTTP_RESPONSE_SIZE: ${server!.url}/chat/completions: the response body ` +
      'is over the limit of 4 KiB (set AUDIT_MAX_RESPONSE_BYTES to change it)');
    expect(server!.calls).toHaveLength(2);
  });

  it('honours Retry-After on a 429 before asking again', async () => {
    const c = await connect({ failFirst: [0, 429], retryAfter: '1' });
    const started = Date.now();
    const [p] = await c.predict(['aaa']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(Math.abs(p.score - analyticPositive(fillSlot(PROMPT.prompts[0].user!, 'aaa')))).toBeLessThan(1e-9);
    expect(c.requestStats()).toEqual({ requests: 3, retries: 1 });
  });

  it('gives up on a server that keeps answering 500, naming the endpoint and every attempt', async () => {
    const c = await connect({ failFirst: [0, 500, 500, 500] }, { maxRetries: 2 });
    const message = await failure(c.predict(['aaa']));
    expect(message).toBe(`E_HTTP_STATUS: ${server!.url}/chat/completions: HTTP 500 Internal Server Error: "scripted failure" ` +
      '(gave up after 3 attempts)');
    expect(server!.calls).toHaveLength(4);
  });

  it('refuses a server that answers logprobs without top_logprobs, before scoring anything', async () => {
    expect(await failure(connect({ noTopLogprobs: true }))).toMatch(/^E_LLM_NO_LOGPROBS: .*returned no log-probabilities for "test"/);
    expect(server!.calls).toHaveLength(1);
  });
});
