import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { isAuditError } from '../../src/errors.js';
import { writeReport } from '../../src/report/index.js';
import { makeSmallResult } from './helpers/small-fixture.js';
import { RESULT_SCHEMA_VERSION } from '../../src/result/index.js';

const reads = RESULT_SCHEMA_VERSION.replace('.', '\\.');

const FIXTURE = join(process.cwd(), 'test', 'fixtures', 'report', 'countries-small.json');
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'report-write-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (isAuditError(e)) return `${e.code}: ${e.message}${e.problems.length ? ` | ${e.problems.join(' | ')}` : ''}`;
    throw e;
  }
  return 'no error';
}

describe('the committed fixture', () => {
  it('is what the generator makes (regenerate it with makeSmallResult() when the generator changes)', () => {
    expect(JSON.parse(readFileSync(FIXTURE, 'utf8'))).toEqual(JSON.parse(JSON.stringify(makeSmallResult())));
  });
});

describe('writeReport', () => {
  it('reads result.json and writes report.html beside it, leaving no temp file', async () => {
    copyFileSync(FIXTURE, join(dir, 'result.json'));
    const out = await writeReport(dir, { now: new Date('2025-11-26T12:00:00Z') });
    expect(out).toBe(join(dir, 'report.html'));
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'result.json']);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<svg class="map"');
    expect(html).toContain('<time>2025-11-26T12:00:00.000Z</time>');
  });

  it('says which file is missing', async () => {
    expect(await codeOf(writeReport(dir))).toBe(`E_RESULT_MISSING: ${join(dir, 'result.json')}: no result.json here (run \`audit run\` first).`);
  });

  it('rejects a file that is not JSON', async () => {
    writeFileSync(join(dir, 'result.json'), '{"schema_version": ');
    expect(await codeOf(writeReport(dir))).toMatch(/^E_RESULT_JSON: .*result\.json: not valid JSON \(/);
  });

  it('lists every missing part of a file that is not an audit result', async () => {
    writeFileSync(join(dir, 'result.json'), JSON.stringify({ schema_version: '2.0', records: {}, stats: { groups: [] } }));
    const message = await codeOf(writeReport(dir));
    expect(message).toMatch(new RegExp(`^E_RESULT_SHAPE: ${join(dir, 'result.json')}: 29 problems \\| `));
    for (const path of ['tool:', 'model:', 'counts:', 'records:', 'lexicons:', 'stats.templates:', 'stats.summary:']) expect(message).toContain(`| ${path}`);
  });

  it('refuses another major schema version', async () => {
    writeFileSync(join(dir, 'result.json'), JSON.stringify({ ...makeSmallResult(), schema_version: '4.0' }));
    expect(await codeOf(writeReport(dir))).toMatch(new RegExp(`^E_RESULT_VERSION: .*schema_version 4\\.0 is not supported \\(this tool reads ${reads}\\)\\.$`));
  });

  it('refuses a schema 1 result (old statistics) and says to run the probe again', async () => {
    writeFileSync(join(dir, 'result.json'), JSON.stringify({ ...makeSmallResult(), schema_version: '1.0' }));
    expect(await codeOf(writeReport(dir))).toMatch(
      new RegExp(`^E_RESULT_VERSION: .*schema_version 1\\.0 is not supported \\(this tool reads ${reads}\\)\\. Its statistics use the old methods; ` +
        'run the probe again with `audit run`'),
    );
  });
});
