import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetsDir } from '../../src/config/paths.js';
import { loadSst2Dev, loadSst2Train, parseSst2, SST2_TRAIN_FILE } from '../../src/datasets/index.js';
import { auditErrorOf, makeTempDir, removeDir } from './helpers.js';

describe('SST-2 on the shared files', () => {
  it('reads 872 dev rows, 444 positive and 428 negative, trimming the trailing space', async () => {
    const dev = await loadSst2Dev(datasetsDir());
    expect(dev).toHaveLength(872);
    expect(dev.filter((r) => r.label === 1)).toHaveLength(444);
    expect(dev[0]).toEqual({ sentence: "it 's a charming and often affecting journey .", label: 1 });
    expect(dev[17].sentence.endsWith('as she was in amélie .')).toBe(true);
    expect(new Set(dev.map((r) => r.sentence)).size).toBe(872);
  });

  it('gunzips train.tsv.gz into 67,349 rows, 37,569 positive', async () => {
    const train = await loadSst2Train(datasetsDir());
    expect(train).toHaveLength(67349);
    expect(train.filter((r) => r.label === 1)).toHaveLength(37569);
    expect(train[0]).toEqual({ sentence: 'hide new secretions from the parental units', label: 0 });
  });
});

describe('SST-2 parsing errors', () => {
  it('names the line of a bad label or a row without a tab', async () => {
    expect((await auditErrorOf(() => parseSst2('sentence\tlabel\ngood \t1\nbad \t2\n', 'dev.tsv'))).message).toBe(
      'dev.tsv:3: label "2" is not 0 or 1',
    );
    expect((await auditErrorOf(() => parseSst2('sentence\tlabel\nno tab here\n', 'dev.tsv'))).message).toBe(
      'dev.tsv:2: expected 2 tab-separated fields, found 1',
    );
  });

  it('rejects CRLF line endings', async () => {
    expect((await auditErrorOf(() => parseSst2('sentence\tlabel\r\ngood \t1\r\n', 'dev.tsv'))).message).toBe(
      'dev.tsv:1: carriage return found (expected \\n line endings)',
    );
  });

  it('rejects a train file that is not gzip', async () => {
    const dir = makeTempDir();
    try {
      mkdirSync(join(dir, 'sst2'));
      writeFileSync(join(dir, SST2_TRAIN_FILE), 'sentence\tlabel\n');
      const e = await auditErrorOf(() => loadSst2Train(dir));
      expect(e.code).toBe('E_DATASET');
      expect(e.message).toMatch(/train\.tsv\.gz: not a valid gzip file/);
    } finally {
      removeDir(dir);
    }
  });
});
