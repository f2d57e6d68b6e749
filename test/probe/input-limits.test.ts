/** Probe and lexicon files are bounded, regular, strict UTF-8 text: anything else is refused with the file and line. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditError } from '../../src/errors.js';
import { loadProbeSpec } from '../../src/probe/load.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-input-')); });
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env.AUDIT_MAX_PROBE_BYTES;
  delete process.env.AUDIT_MAX_LEXICON_BYTES;
  delete process.env.AUDIT_MAX_TEMPLATE_CHARS;
});

const PROBE = (lexicon: string) => `id: t
attribute: country
templates: ["Made in {country}."]
slots:
  country: { lexicon: ${lexicon} }
`;

async function problemsOf(path: string): Promise<string> {
  try {
    await loadProbeSpec(path);
  } catch (e) {
    if (!(e instanceof AuditError)) throw e;
    expect(e.kind).toBe('input');
    return [e.message, ...e.problems].join('\n');
  }
  throw new Error(`${path} loaded`);
}

function write(name: string, data: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

describe('size limits', () => {
  it('refuses a probe file over 4 MiB before parsing it, saying how to raise the limit', async () => {
    const path = write('big.yaml', `${PROBE('l.csv')}# ${'x'.repeat(4 * 1024 * 1024)}\n`);
    expect(await problemsOf(path)).toMatch(/big\.yaml: larger than the limit of 4 MiB \(set AUDIT_MAX_PROBE_BYTES to change it\)$/);
    process.env.AUDIT_MAX_PROBE_BYTES = String(8 * 1024 * 1024);
    write('l.csv', 'name\nFrance\n');
    await expect(loadProbeSpec(path)).resolves.toMatchObject({ spec: { id: 't' } });
  });

  it('refuses a lexicon file over its limit', async () => {
    process.env.AUDIT_MAX_LEXICON_BYTES = '1000';
    write('l.csv', `name\n${Array.from({ length: 200 }, (_, i) => `country${i}`).join('\n')}\n`);
    expect(await problemsOf(write('p.yaml', PROBE('l.csv')))).toMatch(/slots\.country\.lexicon: lexicon l\.csv: .*l\.csv: larger than the limit of 1000 bytes \(set AUDIT_MAX_LEXICON_BYTES to change it\)/);
  });

  it('refuses a template longer than 10,000 characters, naming its line', async () => {
    const long = `Made in {country}. ${'very '.repeat(2500)}`;
    const path = write('p.yaml', `id: t\nattribute: country\ntemplates:\n  - "${long}"\nslots:\n  country: { values: [France, Peru] }\n`);
    expect(await problemsOf(path)).toMatch(/p\.yaml:4: templates\.0: 12,519 characters, above the limit of 10,000 characters \(set AUDIT_MAX_TEMPLATE_CHARS to change it\)/);
  });

  it('rejects a malformed override of a limit as a usage error', async () => {
    process.env.AUDIT_MAX_PROBE_BYTES = 'lots';
    await expect(loadProbeSpec(write('p.yaml', PROBE('l.csv')))).rejects.toMatchObject({ code: 'E_LIMIT', kind: 'usage' });
  });
});

describe('files that are not regular files', () => {
  it('refuses /dev/zero as a lexicon instead of reading it until memory runs out', async () => {
    expect(await problemsOf(write('p.yaml', PROBE('/dev/zero')))).toMatch(/\/dev\/zero: not a regular file \(a device\)/);
  });

  it('refuses a named pipe without waiting for a writer', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    expect(await problemsOf(write('p.yaml', PROBE('pipe.csv')))).toMatch(/pipe\.csv: not a regular file \(a named pipe\)/);
  });

  it('refuses a directory given as the probe', async () => {
    execFileSync('mkdir', [join(dir, 'probe.yaml')]);
    expect(await problemsOf(join(dir, 'probe.yaml'))).toMatch(/probe\.yaml: not a regular file \(a directory\)/);
  });
});

describe('encodings', () => {
  it('refuses invalid UTF-8 in a probe file with its line, instead of auditing "Fr\uFFFD\uFFFDnce"', async () => {
    const text = Buffer.concat([Buffer.from('id: t\nattribute: country\ntemplates: ["Made in {country}."]\nslots:\n  country: { values: [Fr'), Buffer.from([0xc3, 0x28]), Buffer.from('nce] }\n')]);
    expect(await problemsOf(write('p.yaml', text))).toMatch(/p\.yaml:5: is not valid UTF-8 \(save the file as UTF-8\)/);
  });

  it('refuses invalid UTF-8 in a CSV lexicon with its line', async () => {
    write('l.csv', Buffer.concat([Buffer.from('name\nPeru\nFr'), Buffer.from([0xe9]), Buffer.from('nce\n')]));
    expect(await problemsOf(write('p.yaml', PROBE('l.csv')))).toMatch(/lexicon l\.csv line 3: .*l\.csv: is not valid UTF-8/);
  });

  it('says a UTF-16 file is UTF-16, with or without a byte order mark', async () => {
    const utf16 = Buffer.from(`\uFEFF${PROBE('l.csv')}`, 'utf16le');
    expect(await problemsOf(write('bom.yaml', utf16))).toMatch(/bom\.yaml:1: is UTF-16 encoded .*save it as UTF-8/);
    expect(await problemsOf(write('nobom.yaml', Buffer.from(PROBE('l.csv'), 'utf16le')))).toMatch(/nobom\.yaml:1: contains a NUL byte \(it looks UTF-16 encoded; save it as UTF-8\)/);
  });

  it('says a file with CR-only line endings has them', async () => {
    expect(await problemsOf(write('mac.yaml', PROBE('l.csv').replace(/\n/g, '\r')))).toMatch(/mac\.yaml:1: uses CR-only line endings \(classic Mac OS\); save the file with LF or CRLF line endings/);
  });

  it('accepts CRLF line endings and a UTF-8 byte order mark', async () => {
    write('l.csv', '\uFEFFname\r\nFrance\r\nPeru\r\n');
    const loaded = await loadProbeSpec(write('p.yaml', `\uFEFF${PROBE('l.csv').replace(/\n/g, '\r\n')}`));
    expect(loaded.lexicons.get('country')?.entries.map((e) => e.value)).toEqual(['France', 'Peru']);
  });
});
