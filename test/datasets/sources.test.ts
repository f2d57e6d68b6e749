import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { datasetsDir } from '../../src/config/paths.js';
import { DATASETS, gitBlobSha1, PINNED_FILES, pinnedUrl, sha256Hex } from '../../src/datasets/index.js';

const provenance = readFileSync(join(datasetsDir(), 'PROVENANCE.md'), 'utf8');
/** The PROVENANCE table row for a file under shared/datasets. */
const rowFor = (dest: string) => provenance.split('\n').find((l) => l.startsWith(`| ${dest} |`));

describe('pinned sources', () => {
  it('pins every file with the sha256 of the shared copy (uncompressed for the gzip file)', () => {
    for (const f of PINNED_FILES.filter((p) => p.sha256 !== undefined)) {
      const bytes = readFileSync(join(datasetsDir(), f.dest));
      expect([f.dest, sha256Hex(f.transform?.kind === 'gzip' ? gunzipSync(bytes) : bytes)]).toEqual([f.dest, f.sha256]);
    }
  });

  it('agrees with the PROVENANCE table on repository, commit, path and checksum', () => {
    for (const f of PINNED_FILES.filter((p) => p.dataset !== 'stereoset')) {
      const row = rowFor(f.dest);
      expect([f.dest, row !== undefined]).toEqual([f.dest, true]);
      // rows after the first of a repository say "same" instead of repeating the repository and commit
      expect(provenance).toContain(f.repo);
      expect(provenance).toContain(f.commit);
      expect(row).toContain(f.path);
      expect(row).toContain(f.sha256);
    }
  });

  it('pins the original StereoSet dev.json by the git blob PROVENANCE records', () => {
    const pin = PINNED_FILES.find((f) => f.dataset === 'stereoset');
    expect(pin).toMatchObject({ repo: 'moinnadeem/StereoSet', commit: 'ead7d086a64a192a1eca88e0dd2fd163de375218', path: 'data/dev.json' });
    expect(provenance).toContain(`\`git hash-object dev.json\` = ${pin?.gitBlob}`);
    expect(pin?.transform).toEqual({ kind: 'stereoset-flat', derived: 'stereoset/dev.flat.jsonl', counts: { intrasentence: 2106, intersentence: 2123 } });
  });

  it('computes git blob ids that match the ones PROVENANCE records for the shared files', () => {
    expect(gitBlobSha1(readFileSync(join(datasetsDir(), 'vocab/bert-base-uncased-vocab.txt')))).toBe('fb140275c155a9c7c5a3b3e0e77a9e839594a938');
    expect(gitBlobSha1(readFileSync(join(datasetsDir(), 'sst2/dev.tsv')))).toBe('b1285ff5696fd163af4737dfd5adf134525d2296');
    expect(gitBlobSha1(readFileSync(join(datasetsDir(), 'stereoset/dev.flat.jsonl')))).toBe('a3d3e53941474fff8a806ad0f2229e1bcab63b05');
    expect(gitBlobSha1(Buffer.from(''))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });

  it('has a pin producing every file the loaders read', () => {
    const produced = new Set(PINNED_FILES.flatMap((f) => (f.transform?.kind === 'stereoset-flat' ? [f.dest, f.transform.derived] : [f.dest])));
    for (const d of DATASETS) for (const file of d.files) expect([file, produced.has(file)]).toEqual([file, true]);
  });

  it('builds raw GitHub URLs at the pinned commit, or the same layout under a base URL', () => {
    const crows = PINNED_FILES.find((f) => f.dataset === 'crows-pairs');
    if (!crows) throw new Error('no crows-pairs pin');
    expect(pinnedUrl(crows)).toBe(
      'https://raw.githubusercontent.com/nyu-mll/crows-pairs/8aaac11c485473159ec9328a65253a5be9a479dc/data/crows_pairs_anonymized.csv',
    );
    expect(pinnedUrl(crows, 'http://127.0.0.1:8080/mirror/')).toBe(
      'http://127.0.0.1:8080/mirror/nyu-mll/crows-pairs/8aaac11c485473159ec9328a65253a5be9a479dc/data/crows_pairs_anonymized.csv',
    );
  });
});
