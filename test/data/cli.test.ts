/** `audit run --data` end to end on the built binary and the embedded demo model. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, ensureBuilt } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'data-cli-'));
beforeAll(() => ensureBuilt());

describe('audit run --data', () => {
  it('audits a small labelled CSV: result.json with a data block, records.jsonl, report.html, and a policy check', () => {
    const rows = ['text,label,woman'];
    const bits = ['She <b>loved</b> this film.', 'He <b>loved</b> this film.', 'She hated the <b>ending</b>.', 'He hated the <b>ending</b>.', 'A dull plot.', 'A moving story.'];
    for (let i = 0; i < 60; i++) rows.push(`"${bits[i % 6]} (${i})",${i % 6 === 2 || i % 6 === 3 || i % 6 === 4 ? 0 : 1},${i % 6 === 0 || i % 6 === 2 ? 1 : 0}`);
    const file = join(dir, 'reviews.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const out = join(dir, 'run');
    const r = audit(['run', '--data', file, '--label-column', 'label', '--group-columns', 'woman', '--min-per-class', '5', '--resamples', '100', '--out', out, '--policy', 'policies/default.yaml', '--cache', join(dir, 'cache')]);
    expect(r.stderr).not.toMatch(/Error|at .*\.js/);
    expect([0, 1]).toContain(r.code);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.data.file_name).toBe('reviews.csv');
    expect(result.data.groups.subgroups.map((s: { subgroup: string }) => s.subgroup)).toEqual(['gender:female', 'gender:male', 'woman']);
    expect(result.data.swaps.axes.map((a: { axis: string }) => a.axis)).toEqual(['gender']);
    expect(readFileSync(join(out, 'records.jsonl'), 'utf8').trim().split('\n')).toHaveLength(60 + 40);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Your data: reviews.csv');
    expect(html).toMatch(/(She|He) &lt;b&gt;loved&lt;\/b&gt; this film\./);
    expect(html).not.toMatch(/<b>(loved|ending)<\/b>/);
    const junit = readFileSync(join(out, 'check.junit.xml'), 'utf8');
    expect(junit).toContain('bias-audit check: data:reviews.csv');
    expect(junit).toMatch(/<skipped message="max_abs_effect: not applicable/);

    // A second run of the same file, compared text by text with the first (the same model: nothing moves).
    const again = join(dir, 'run-again');
    expect(audit(['run', '--data', file, '--label-column', 'label', '--group-columns', 'woman', '--min-per-class', '5', '--resamples', '100', '--out', again, '--cache', join(dir, 'cache')]).code).toBe(0);
    const d = audit(['diff', out, again, '--out', join(dir, 'diff'), '--resamples', '50']);
    expect(d.code).toBe(0);
    expect(d.stderr).toContain('60 texts paired; per-text score change 0.000 (0.000 to 0.000); B decides differently on 0.0% of them');
    const diff = JSON.parse(readFileSync(join(dir, 'diff', 'diff.json'), 'utf8'));
    expect(diff.data.groups.subgroups.map((g: { subgroup: string }) => g.subgroup)).toEqual(['gender:female', 'gender:male', 'woman']);
    expect(diff.metrics.bpsn_auc.method).toBe('paired');
    expect(readFileSync(join(dir, 'diff', 'diff.html'), 'utf8')).not.toMatch(/<b>(loved|ending)<\/b>/);
  });

  it('exports every counterfactual beside its original (--format pairs), streamed from records.jsonl', () => {
    const out = join(dir, 'run');
    const r = audit(['export', out, '--format', 'pairs', '--out', join(dir, 'pairs.csv')]);
    expect(r.code).toBe(0);
    const lines = readFileSync(join(dir, 'pairs.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('row,line,axis,from,to,original,counterfactual,original_score,counterfactual_score,change,original_predicted,counterfactual_predicted,unsure');
    expect(lines).toHaveLength(1 + 40);
    expect(lines[1]).toMatch(/^0,2,gender,female,male,She <b>loved<\/b> this film\. \(0\),He <b>loved<\/b> this film\. \(0\),0\.\d+,0\.\d+,-?\d/);
  });

  it('refuses --format pairs on a probe run, naming the directory', () => {
    const probeRun = join(dir, 'probe-run');
    expect(audit(['run', '--probe', 'gender', '--limit', '40', '--resamples', '20', '--out', probeRun, '--quiet', '--cache', join(dir, 'cache')]).code).toBe(0);
    const r = audit(['export', probeRun, '--format', 'pairs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`audit: error E_EXPORT_FORMAT: ${probeRun}: --format pairs exports the counterfactuals of a data run (audit run --data); this is a probe run\n`);
  });

  it('exits 2 on a malformed file, names the file and line, and writes nothing', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'text,label\nfine,1\n"unclosed,0\n');
    const out = join(dir, 'bad-run');
    const r = audit(['run', '--data', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: malformed CSV`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 on a missing column and lists the columns there are', () => {
    const file = join(dir, 'cols.tsv');
    writeFileSync(file, 'review\tstars\ngood\t5\n');
    const r = audit(['run', '--data', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: no text column (no "text" or "sentence"; name it with --text-column); the columns are: review, stars`);
  });

  it('refuses an unknown --swap axis as a usage error', () => {
    const file = join(dir, 'ok.jsonl');
    writeFileSync(file, '{"text": "She left."}\n');
    const r = audit(['run', '--data', file, '--swap', 'gender,colour']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--swap: unknown axis colour');
    expect(readdirSync(dir).filter((f) => f.startsWith('reports'))).toEqual([]);
  });

  it('refuses a bad --intersect with one line and exit 2: the same axis twice, and --intersect without --data', () => {
    const file = join(dir, 'ok.jsonl');
    writeFileSync(file, '{"text": "She left."}\n');
    const twice = audit(['run', '--data', file, '--intersect', 'gender,gender']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('audit: error E_INTERSECT: --intersect: the same axis twice (gender); name two different axes\n');
    const probe = audit(['run', '--probe', 'gender', '--intersect', 'gender,nationality']);
    expect(probe.code).toBe(2);
    expect(probe.stderr).toContain('E_INTERSECT: --intersect applies to --data runs (two axes of your texts)');
    expect(probe.stderr).not.toMatch(/\n\s+at /);
  });
});
