import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { isAuditError } from '../../src/errors.js';
import { dataSubject, readData } from '../../src/data/read.js';

const DATASETS = resolve(HF_FIXTURES, '..', '..', 'datasets');
const dir = mkdtempSync(join(tmpdir(), 'data-read-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (e) {
    if (!isAuditError(e)) throw e;
    expect(e.kind).toBe('input');
    return [e.message, ...e.problems];
  }
  throw new Error('expected an input error');
}

describe('reading the user\'s data', () => {
  it('reads a CSV with quoted commas, a label column and group columns', async () => {
    const path = file('a.csv', 'id,text,label,female\n1,"Great, she said.",pos,1\n2,He left.,neg,0\n3,"It was ""fine"".",pos,false\n');
    const t = await readData(path, { labelColumn: 'label', positiveLabel: ['pos'], groupColumns: ['female'] });
    expect(t.texts).toEqual(['Great, she said.', 'He left.', 'It was "fine".']);
    expect(Array.from(t.labels!)).toEqual([1, 0, 1]);
    expect(t.negativeLabel).toBe('neg');
    expect(t.groups).toEqual([{ name: 'female', members: [0] }]);
    expect(Array.from(t.lines)).toEqual([2, 3, 4]);
  });

  it('reads JSON Lines and takes `sentence` as the text column when there is no `text`', async () => {
    const path = file('a.jsonl', '{"sentence": "A fine film.", "y": 1}\n\n{"sentence": "Dull.", "y": 0}\n');
    const t = await readData(path, { labelColumn: 'y' });
    expect(t.textColumn).toBe('sentence');
    expect(t.texts).toEqual(['A fine film.', 'Dull.']);
    expect(Array.from(t.labels!)).toEqual([1, 0]);
    expect(Array.from(t.lines)).toEqual([1, 3]);
  });

  it('reads the built-in sst2-dev with its label map (1 = POSITIVE)', async () => {
    const t = await readData('sst2-dev', { labelColumn: 'label', datasetsDir: DATASETS, target: 'POSITIVE' });
    expect(t.texts).toHaveLength(872);
    expect(t.positiveLabels).toEqual(['1']);
    expect(t.texts[0]).toBe("it 's a charming and often affecting journey .");
    expect(t.labels![0]).toBe(1);
    const negative = await readData('sst2-dev', { labelColumn: 'label', datasetsDir: DATASETS, target: 'NEGATIVE' });
    expect(negative.labels![0]).toBe(0);
    expect(dataSubject('sst2-dev')).toBe('data:sst2-dev');
    expect(dataSubject('/x/y/reviews.csv')).toBe('data:reviews.csv');
  });

  it('draws the same seeded sample every time, in file order', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `row ${i},${i % 2}`).join('\n');
    const path = file('many.csv', `text,label\n${rows}\n`);
    const a = await readData(path, { sample: 50, seed: 3 });
    const b = await readData(path, { sample: 50, seed: 3 });
    const c = await readData(path, { sample: 50, seed: 4 });
    expect(a.texts).toHaveLength(50);
    expect(a.texts).toEqual(b.texts);
    expect(a.texts).not.toEqual(c.texts);
    expect([...a.lines]).toEqual([...a.lines].sort((x, y) => x - y));
    expect(a.sampled).toEqual({ n: 50, seed: 3 });
    expect(a.rowsInFile).toBe(500);
  });

  it('names the missing column and lists the columns there are', async () => {
    const path = file('b.csv', 'body,stars\nhello,5\n');
    expect(await problemsOf(readData(path))).toEqual([`${path}: no text column (no "text" or "sentence"; name it with --text-column); the columns are: body, stars`]);
    expect(await problemsOf(readData(path, { textColumn: 'body', labelColumn: 'label' }))).toEqual([`${path}: no label column "label"; the columns are: body, stars`]);
  });

  it('reports an empty text, a third label and a bad group value with their lines', async () => {
    const path = file('c.tsv', 'text\tlabel\tg\nok\t1\t1\n \t0\t0\nfine\t2\t0\nalso\t1\tmaybe\n');
    expect(await problemsOf(readData(path, { labelColumn: 'label', positiveLabel: ['1'], groupColumns: ['g'] }))).toEqual([
      `${path}: 3 problems`,
      `${path}:3: empty text`,
      `${path}:5: group column "g" is "maybe" (expected 0/1 or true/false)`,
      `${path}:4: label "2" is outside the two classes (positive: "1"; negative: "0")`,
    ]);
  });

  it('lists the first 20 problems, then how many more', async () => {
    const path = file('d.csv', `text\n${Array.from({ length: 25 }, () => '""').join('\n')}\n`);
    const p = await problemsOf(readData(path));
    expect(p[0]).toBe(`${path}: 25 problems`);
    expect(p).toHaveLength(22);
    expect(p[21]).toBe('and 5 more');
  });

  it('says which line is malformed in CSV and JSON Lines', async () => {
    const csv = file('e.csv', 'text,label\na,1\nb,0,extra\n');
    expect((await problemsOf(readData(csv)))[0]).toMatch(new RegExp(`^${csv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: malformed CSV`));
    const jsonl = file('e.jsonl', '{"text": "a"}\n{"text": "b"\n');
    expect((await problemsOf(readData(jsonl)))[0]).toMatch(/e\.jsonl:2: malformed JSON line/);
  });

  it('refuses an empty file, a missing file and a file over --max-rows', async () => {
    const empty = file('f.csv', '');
    expect(await problemsOf(readData(empty))).toEqual([`${empty}: the file is empty`]);
    expect(await problemsOf(readData(join(dir, 'nope.csv')))).toEqual([`${join(dir, 'nope.csv')}: file not found`]);
    const big = file('g.csv', 'text\na\nb\nc\n');
    expect(await problemsOf(readData(big, { maxRows: 2 }))).toEqual([
      `${big}:4: more than --max-rows 2 rows; audit a seeded sample with --sample N (read in bounded memory), or raise --max-rows`,
    ]);
    const header = file('h.csv', 'text\n');
    expect(await problemsOf(readData(header))).toEqual([`${header}: no data rows`]);
  });

  it('asks for --positive-label when the labels do not say which class is the target', async () => {
    const path = file('i.csv', 'text,label\na,good\nb,bad\n');
    expect((await problemsOf(readData(path, { labelColumn: 'label', target: 'POSITIVE' })))[0]).toMatch(/name it with --positive-label$/);
    const named = file('j.csv', 'text,label\na,POSITIVE\nb,NEGATIVE\n');
    expect(Array.from((await readData(named, { labelColumn: 'label', target: 'POSITIVE' })).labels!)).toEqual([1, 0]);
  });

  it('refuses invalid UTF-8 in CSV, TSV and JSON Lines with its line, instead of reading U+FFFD', async () => {
    const bad = Buffer.from('\xff', 'latin1');
    const csv = join(dir, 'u.csv');
    writeFileSync(csv, Buffer.concat([Buffer.from('text,label\nfine,1\nbro'), bad, Buffer.from('ken,0\n')]));
    expect(await problemsOf(readData(csv))).toEqual([`${csv}:3: invalid UTF-8 (save the file as UTF-8)`]);
    const tsv = join(dir, 'u.tsv');
    writeFileSync(tsv, Buffer.concat([Buffer.from('text\tlabel\nbro'), bad, Buffer.from('ken\t0\n')]));
    expect(await problemsOf(readData(tsv))).toEqual([`${tsv}:2: invalid UTF-8 (save the file as UTF-8)`]);
    const jsonl = join(dir, 'u.jsonl');
    writeFileSync(jsonl, Buffer.concat([Buffer.from('{"text": "a"}\n{"text": "a"}\n{"text": "b'), bad, Buffer.from('"}\n')]));
    expect(await problemsOf(readData(jsonl))).toEqual([`${jsonl}:3: invalid UTF-8 (save the file as UTF-8)`]);
  });

  it('refuses a header that names a column twice (the last one used to win silently)', async () => {
    const path = file('dup.csv', 'text,label,label\na,1,0\n');
    expect(await problemsOf(readData(path, { labelColumn: 'label' }))).toEqual([
      `${path}:1: the column name "label" appears twice in the header; rename one`,
    ]);
  });

  it('maps every csv-parse error to an input error naming the line (a quote opening mid-field, an unclosed quote)', async () => {
    const mid = file('q1.csv', 'text,label\n"good film",1\ngood "film,0\n');
    expect((await problemsOf(readData(mid)))[0]).toMatch(/q1\.csv:3: malformed CSV \(Invalid Opening Quote: a quote is found on field "text"/);
    const open = file('q2.csv', 'text,label\n"never closed,1\n');
    expect((await problemsOf(readData(open)))[0]).toMatch(/q2\.csv:\d+: malformed CSV \(Quote Not Closed/);
  });

  it('refuses a text over AUDIT_MAX_TEXT_CHARS with its line, and takes the override', async () => {
    const path = file('long.csv', `text\nshort\n"${'x'.repeat(100_001)}"\n`);
    expect(await problemsOf(readData(path))).toEqual([
      `${path}:3: a text of 100,001 characters; the limit is 100,000 characters (set AUDIT_MAX_TEXT_CHARS to change it)`,
    ]);
    process.env.AUDIT_MAX_TEXT_CHARS = '200000';
    try {
      expect((await readData(path)).texts[1]).toHaveLength(100_001);
    } finally {
      delete process.env.AUDIT_MAX_TEXT_CHARS;
    }
  });

  it('refuses a file over 1,000,000 rows without --sample (the default --max-rows), naming --sample', async () => {
    const rows = Array.from({ length: 1_000_001 }, (_, i) => `r${i}`).join('\n');
    const path = file('million.csv', `text\n${rows}\n`);
    expect(await problemsOf(readData(path))).toEqual([
      `${path}:1000002: more than 1,000,000 rows (the --max-rows default); audit a seeded sample with --sample N (read in bounded memory), or raise --max-rows`,
    ]);
  });

  it('says what is wrong with a JSON value where a label or text should be, and refuses an empty --positive-label', async () => {
    const path = file('obj.jsonl', '{"text": "a", "label": {"v": 1}}\n{"text": ["b"], "label": 1}\n');
    expect(await problemsOf(readData(path, { labelColumn: 'label' }))).toEqual([
      `${path}: 2 problems`, `${path}:1: the label is an object, not a string or number in column "label"`,
      `${path}:2: the text is an array, not a string or number in column "text"`,
    ]);
    const csv = file('pl.csv', 'text,label\na,1\n');
    const e = await readData(csv, { labelColumn: 'label', positiveLabel: [] }).then(() => null, (x: unknown) => x);
    expect(isAuditError(e) && [e.kind, e.message]).toEqual(['usage', '--positive-label: no label value given (a comma list such as 1 or POSITIVE,positive)']);
  });

  it('reports its progress while reading: rows so far, and megabytes of the file', async () => {
    const path = file('progress.csv', `text\n${Array.from({ length: 3000 }, (_, i) => `row number ${i}`).join('\n')}\n`);
    const lines: string[] = [];
    await readData(path, { onProgress: (l) => lines.push(l), progressEveryMs: 0 });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^reading .*progress\.csv: [\d,]+ rows, [\d.]+ of 0\.0 MB$/);
    expect(lines[lines.length - 1]).toMatch(/: 2,999 rows, /);
  });
});
