/** HTTP response bodies are read up to a limit: a server cannot make the client hold hundreds of megabytes. */
import { DISCOVERY_TEXT, HttpClassifier, type HttpOptions } from '../../../src/engines/http/index.js';
import { AuditError } from '../../../src/errors.js';
import { hfLists, startServer, type ScriptedServer } from './server.js';
import { failure as auditFailure } from '../../helpers/failure.js';

const FAST: HttpOptions = { env: {}, retryBaseMs: 5, maxDelayMs: 50, timeoutMs: 10_000 };
/** A valid answer padded with whitespace to `size` bytes. */
const padded = (inputs: string[], size: number) => JSON.stringify(hfLists(inputs)).padEnd(size, ' ');

describe('the HTTP response size limit', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    delete process.env.AUDIT_MAX_RESPONSE_BYTES;
  });

  async function failure(headers: Record<string, string>): Promise<AuditError> {
    process.env.AUDIT_MAX_RESPONSE_BYTES = String(1024 * 1024);
    server = await startServer((call) => (call.inputs[0] === DISCOVERY_TEXT
      ? { json: hfLists(call.inputs) }
      : { raw: padded(call.inputs, 3 * 1024 * 1024), headers }));
    const model = await HttpClassifier.connect(server.url, FAST);
    return auditFailure(model.predict(['I liked it.']));
  }

  it('refuses a body whose Content-Length is over the limit, without retrying (E_HTTP_RESPONSE_SIZE)', async () => {
    const e = await failure({ 'content-length': String(3 * 1024 * 1024) });
    expect(e.code).toBe('E_HTTP_RESPONSE_SIZE');
    expect(e.kind).toBe('input');
    expect(e.message).toMatch(/the response body is 3 MiB \(Content-Length\), above the limit of 1 MiB \(set AUDIT_MAX_RESPONSE_BYTES to change it\)$/);
    expect(server!.calls).toHaveLength(2); // discovery + one scoring attempt
  });

  it('stops reading a chunked body at the limit', async () => {
    const e = await failure({ 'transfer-encoding': 'chunked' });
    expect(e.code).toBe('E_HTTP_RESPONSE_SIZE');
    expect(e.message).toMatch(/the response body is over the limit of 1 MiB/);
  });

  it('reads a body under the limit as before', async () => {
    process.env.AUDIT_MAX_RESPONSE_BYTES = String(4 * 1024 * 1024);
    server = await startServer((call) => ({ raw: padded(call.inputs, 3 * 1024 * 1024) }));
    const model = await HttpClassifier.connect(server.url, FAST);
    expect((await model.predict(['I liked it.']))[0].score).toBeCloseTo(0.25, 10);
  });
});

describe('the HTTP deadline and the cap on honoured waits', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function failure(
    reply: () => { status: number; headers?: Record<string, string>; json?: unknown },
    options: HttpOptions,
  ): Promise<{ error: AuditError; ms: number }> {
    server = await startServer((call) => (call.inputs[0] === DISCOVERY_TEXT ? { json: hfLists(call.inputs) } : reply()));
    const model = await HttpClassifier.connect(server.url, { ...FAST, ...options });
    const started = Date.now();
    try {
      await model.predict(['I liked it.']);
    } catch (e) {
      if (e instanceof AuditError) return { error: e, ms: Date.now() - started };
      throw e;
    }
    throw new Error('no error');
  }

  it('caps a Retry-After of 100000 s and stops at the deadline, saying both', async () => {
    const { error, ms } = await failure(() => ({ status: 503, headers: { 'retry-after': '100000' } }), { maxDelayMs: 300, deadlineMs: 1000, maxRetries: 50 });
    expect(ms).toBeLessThan(5000);
    expect(error.code).toBe('E_HTTP_STATUS');
    expect(error.message).toMatch(/HTTP 503 .*\(stopped at the --http-deadline of 1 s\)$/);
    expect(error.problems).toContain('  the server asked to wait 100,000 s; waits are capped at 0.3 s');
    expect(error.problems.at(-1)).toMatch(/^ {2}stopped: waiting 0\.3 s more would pass the deadline of 1 s for this batch \(--http-deadline\)$/);
    // About deadline / cap attempts, not 50.
    expect(server!.calls.length - 1).toBeLessThanOrEqual(5);
  });

  it('caps an estimated_time of 1e308 the same way', async () => {
    const { error } = await failure(() => ({ status: 503, json: { error: 'Model is loading', estimated_time: 1e308 } }), { maxDelayMs: 200, deadlineMs: 500, maxRetries: 50 });
    expect(error.problems).toContain('  the server asked to wait longer than can be counted; waits are capped at 0.2 s');
    expect(error.message).toMatch(/stopped at the --http-deadline of 0\.5 s/);
  });

  it('defaults to waits of at most 30 s and a deadline of 5 minutes per batch', async () => {
    const { HTTP_DEFAULTS } = await import('../../../src/engines/http/classifier.js');
    expect([HTTP_DEFAULTS.maxDelayMs, HTTP_DEFAULTS.deadlineMs]).toEqual([30_000, 300_000]);
  });
});
