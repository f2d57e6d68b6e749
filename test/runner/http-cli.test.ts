import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { validateResult } from '../../src/result/schema.js';
import { ensureBuilt, type CliResult } from '../helpers/cli.js';
import { hfLists, positiveProb, startServer, type ScriptedServer } from '../engines/http/server.js';

const MAIN = join(PACKAGE_ROOT, 'dist', 'cli', 'main.js');
const MINI = join(PACKAGE_ROOT, 'test', 'fixtures', 'cli', 'mini.yaml');

/**
 * The built CLI as a child process, without blocking: the HTTP server answering it runs in this process, so
 * spawnSync would leave every request unanswered.
 */
function auditAsync(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', MAIN, ...args], {
      cwd: PACKAGE_ROOT,
      env: { ...process.env, CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('the CLI against a model behind HTTP (Hugging Face Inference API shape)', () => {
  let server: ScriptedServer;
  let tmp: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    ensureBuilt();
    server = await startServer((call) => ({ json: hfLists(call.inputs) }));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'audit-http-cli-'));
    // A cache of its own, and no token from the machine.
    env = { XDG_CACHE_HOME: join(tmp, 'cache'), HF_TOKEN: '' };
    server.calls.length = 0;
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('scores a text with `audit score --json`, learning the labels from one discovery request', async () => {
    const text = 'This film was filmed in Kenya.';
    const r = await auditAsync(['score', '--model', server.url, '--model-version', 'v1', '--json', text], env);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    const p = positiveProb(text);
    expect(out).toMatchObject({ text, label: p >= 0.5 ? 'POSITIVE' : 'NEGATIVE', input_ids: [] });
    expect(out.score).toBeCloseTo(p, 12);
    expect(out.probs[0]).toBeCloseTo(1 - p, 12);
    expect(out.probs[1]).toBeCloseTo(p, 12);
    expect(server.calls.map((c) => c.inputs)).toEqual([['This is a test.'], [text]]);
  });

  it('runs the mini probe with `audit run`, writing a valid result.json whose engine is http', async () => {
    const run = (version: string, out: string) => auditAsync(
      ['run', '--probe', MINI, '--model', server.url, '--model-version', version, '--out', out, '--workers', '1', '--resamples', '100'], env);
    const out = join(tmp, 'run');
    const r = await run('v1', out);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(join(out, 'result.json'));
    const file = join(out, 'result.json');
    const result = validateResult(JSON.parse(readFileSync(file, 'utf8')), file);
    expect(result.model).toMatchObject({ engine: 'http', backend: 'http', name: server.url, labels: ['NEGATIVE', 'POSITIVE'], demo: false });
    expect(result.counts).toEqual({ sentences: 16, unique_texts: 16, scored: 16, cached: 0 });
    for (const record of result.records) expect(record.score).toBeCloseTo(positiveProb(record.text), 12);
    expect(result.stats!.groups.map((g) => g.key).sort()).toEqual(['France', 'Kenya', 'Peru']);
    expect(result.stats!.resamples).toBe(100);
    const scored = server.calls.slice(1).flatMap((c) => c.inputs);
    expect(scored.sort()).toEqual(result.records.map((rec) => rec.text).sort());

    // Same endpoint and version: every score comes from the cache. Another version is another model.
    server.calls.length = 0;
    const again = await run('v1', join(tmp, 'again'));
    expect(again.code).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp, 'again', 'result.json'), 'utf8')).counts).toMatchObject({ scored: 0, cached: 16 });
    expect(server.calls.map((c) => c.inputs)).toEqual([['This is a test.']]);
    const v2 = await run('v2', join(tmp, 'v2'));
    expect(v2.code).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp, 'v2', 'result.json'), 'utf8')).counts).toMatchObject({ scored: 16, cached: 0 });
  });
});
