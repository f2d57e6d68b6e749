import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetsDir } from '../../src/config/paths.js';
import {
  CROWS_PAIRS_FILE,
  DATASETS,
  listDatasets,
  loadCrowsPairs,
  loadSst2Dev,
  loadSst2Train,
  loadStereoSet,
  loadWinoBias,
  loadWinoGender,
} from '../../src/datasets/index.js';
import { makeTempDir, removeDir } from './helpers.js';

describe('listDatasets', () => {
  it('finds every dataset in the shared directory with the PROVENANCE record counts', async () => {
    const listing = await listDatasets(datasetsDir());
    expect(listing.map((d) => [d.name, d.found, d.count])).toEqual([
      ['winobias', true, 1584],
      ['stereoset', true, 4229],
      ['crows-pairs', true, 1508],
      ['winogender', true, 720],
      ['sst2', true, 872 + 67349],
      ['holisticbias', true, 583],
      ['vocab', true, 30522],
    ]);
    expect(listing.every((d) => d.missing.length === 0 && d.problem === undefined)).toBe(true);
  });

  it('gives each dataset a licence, a citation with its year, and a pinned source', async () => {
    const listing = await listDatasets(datasetsDir());
    const licences = Object.fromEntries(listing.map((d) => [d.name, d.licence]));
    expect(licences.winobias).toMatch(/^MIT License/);
    expect(licences['crows-pairs']).toMatch(/^CC BY-SA 4\.0/);
    expect(licences.stereoset).toMatch(/^CC BY-SA 4\.0/);
    expect(licences.sst2).toMatch(/^No licence stated/);
    for (const d of listing) {
      expect(d.citation).toMatch(/\b(2013|2018|2019|2020|2021|2022)\b/);
      expect(d.source).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/tree\/[0-9a-f]{40}$/);
    }
  });

  it('reports missing files and no count in an empty directory', async () => {
    const dir = makeTempDir();
    try {
      const listing = await listDatasets(dir);
      expect(listing.every((d) => !d.found && d.count === null && d.missing.length === d.files.length)).toBe(true);
    } finally {
      removeDir(dir);
    }
  });

  it('reports a malformed file as a problem instead of a count', async () => {
    const dir = makeTempDir();
    try {
      mkdirSync(join(dir, 'crows-pairs'));
      const text = readFileSync(join(datasetsDir(), CROWS_PAIRS_FILE), 'utf8');
      writeFileSync(join(dir, CROWS_PAIRS_FILE), text.replace(',stereo,race-color,', ',stereo,colour,'));
      const crows = (await listDatasets(dir)).find((d) => d.name === 'crows-pairs');
      expect(crows).toMatchObject({ found: true, count: null });
      expect(crows?.problem).toMatch(/crows_pairs_anonymized\.csv:2: unknown bias_type "colour"$/);
    } finally {
      removeDir(dir);
    }
  });

  it('counts a dataset copied alone into a fresh directory', async () => {
    const dir = makeTempDir();
    try {
      const vocab = DATASETS.find((d) => d.name === 'vocab');
      mkdirSync(join(dir, 'vocab'));
      for (const f of vocab?.files ?? []) copyFileSync(join(datasetsDir(), f), join(dir, f));
      const listing = await listDatasets(dir);
      expect(listing.filter((d) => d.found).map((d) => [d.name, d.count])).toEqual([['vocab', 30522]]);
    } finally {
      removeDir(dir);
    }
  });
});

describe('loading speed', () => {
  it('loads all five benchmark datasets in well under a second of CPU time', async () => {
    const dir = datasetsDir();
    const loadAll = () =>
      Promise.all([loadWinoBias(dir), loadStereoSet(dir), loadCrowsPairs(dir), loadWinoGender(dir), loadSst2Dev(dir), loadSst2Train(dir)]);
    await loadAll(); // the first call pays for module loading and the file cache
    // CPU time rather than wall time: the test machine is shared, and waiting for a core is not our cost.
    const before = process.cpuUsage();
    await loadAll();
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
  });
});
