/** HTTP response bodies are read up to a limit: a server cannot make the client hold hundreds of megabytes. */
import { DISCOVERY_TEXT, HttpClassifier, type HttpOptions } from '../../../src/engines/http/index.js';
import { AuditError } from '../../../src/errors.js';
import { hfLists, startServer, type ScriptedServer } from './server.js';

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
    server = await startServer((call) => (call.inputs[0] === DISCOVERY_TEXT ? { json: hfLists(call.inputs) } : { raw: padded(call.inputs, 3 * 1024 * 1024), headers }));
    const model = await HttpClassifier.connect(server.url, FAST);
    try {
      await model.predict(['I liked it.']);
    } catch (e) {
      if (e instanceof AuditError) return e;
      throw e;
    }
    throw new Error('no error');
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
