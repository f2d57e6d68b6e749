import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { datasetsDir } from '../../src/config/paths.js';
import {
  gitBlobSha1,
  listDatasets,
  loadStereoSet,
  PINNED_FILES,
  pullDatasets,
  sha256Hex,
  STEREOSET_FLAT_FILE,
  type PinnedFile,
  type PullEvent,
  type StereoSetFlatRecord,
} from '../../src/datasets/index.js';
import { auditErrorOf, listFiles, makeTempDir, removeDir } from './helpers.js';
import { startMirror, type Mirror } from './mirror-server.js';
import { buildStereoSetDevJson } from './stereoset-builder.js';

const shared = datasetsDir();
const sharedFlat = readFileSync(join(shared, STEREOSET_FLAT_FILE), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as StereoSetFlatRecord);
/** A stand-in for StereoSet's dev.json with all 4,229 shared items (the real one is not in shared/). */
const devJson = Buffer.from(buildStereoSetDevJson(sharedFlat));

const urlPath = (f: PinnedFile) => `/${f.repo}/${f.commit}/${f.path}`;
const pin = (dataset: string, dest?: string): PinnedFile => {
  const f = PINNED_FILES.find((p) => p.dataset === dataset && (dest === undefined || p.dest === dest));
  if (!f) throw new Error(`no pin for ${dataset} ${dest ?? ''}`);
  return f;
};
/** The pinned manifest, with the StereoSet pin moved to the test's dev.json. */
const manifest: PinnedFile[] = PINNED_FILES.map((f) => (f.dataset === 'stereoset' ? { ...f, gitBlob: gitBlobSha1(devJson) } : f));

let mirror: Mirror;
let dir: string;
beforeEach(async () => {
  mirror = await startMirror();
  for (const f of manifest) {
    const copy = f.transform?.kind === 'stereoset-flat' ? devJson : readFileSync(join(shared, f.dest));
    mirror.files.set(urlPath(f), f.transform?.kind === 'gzip' ? gunzipSync(copy) : copy);
  }
  dir = makeTempDir();
});
afterEach(async () => {
  await mirror.close();
  removeDir(dir);
});

/**
 * Records a pull's progress events and gives the mirror a `beforeDrop` that waits (up to 5 s) until the
 * client reports having stored the bytes the server sent, so the resume offsets are exact.
 */
function watchProgress(m: Mirror): { events: PullEvent[]; record: (e: PullEvent) => void } {
  const events: PullEvent[] = [];
  const waiting: { upTo: number; resolve: () => void }[] = [];
  const stored = (upTo: number) => events.some((e) => e.status === 'progress' && e.received >= upTo);
  m.beforeDrop = (upTo) =>
    new Promise<void>((resolve) => {
      if (stored(upTo)) return resolve();
      waiting.push({ upTo, resolve });
      setTimeout(resolve, 5000).unref();
    });
  const record = (e: PullEvent) => {
    events.push(e);
    for (const w of waiting) if (stored(w.upTo)) w.resolve();
  };
  return { events, record };
}

const pull = (options: Parameters<typeof pullDatasets>[1] = {}) =>
  pullDatasets(dir, { baseUrl: mirror.baseUrl, retryDelayMs: 0, files: manifest, ...options });

describe('pullDatasets from a local mirror', () => {
  it('downloads every pinned file, byte-identical to the shared copies, and the loaders read them', async () => {
    const events: PullEvent[] = [];
    const result = await pull({ onProgress: (e) => events.push(e) });
    expect(result.downloaded).toHaveLength(PINNED_FILES.length);
    for (const f of PINNED_FILES.filter((p) => p.transform === undefined)) {
      expect([f.dest, readFileSync(join(dir, f.dest)).equals(readFileSync(join(shared, f.dest)))]).toEqual([f.dest, true]);
    }
    // gzip output differs from `gzip -n -9`, so the train file is compared uncompressed.
    expect(gunzipSync(readFileSync(join(dir, 'sst2/train.tsv.gz'))).equals(gunzipSync(readFileSync(join(shared, 'sst2/train.tsv.gz'))))).toBe(true);
    const listing = await listDatasets(dir);
    expect(listing.map((d) => [d.name, d.count])).toEqual([
      ['winobias', 1584],
      ['stereoset', 4229],
      ['crows-pairs', 1508],
      ['winogender', 720],
      ['sst2', 68221],
      ['holisticbias', 583],
      ['vocab', 30522],
    ]);
    expect(events[0]).toEqual({ status: 'start', files: PINNED_FILES.length });
    expect(events.filter((e) => e.status === 'stored')).toHaveLength(PINNED_FILES.length);
    expect(events.at(-1)).toMatchObject({ status: 'done', downloaded: PINNED_FILES.length, present: 0 });
    expect(listFiles(dir).filter((f) => /\.(part|tmp-)/.test(f))).toEqual([]);
  });

  it('converts dev.json into the flat form with the same 4,229 items as the shared copy', async () => {
    await pull({ datasets: ['stereoset'] });
    expect(listFiles(dir)).toEqual(['stereoset/dev.flat.jsonl', 'stereoset/dev.json']);
    const key = (i: { type: string; target: string; biasType: string; context: string; options: object }) =>
      JSON.stringify([i.type, i.target, i.biasType, i.context, i.options]);
    const pulled = (await loadStereoSet(dir)).map(key).sort();
    const original = (await loadStereoSet(shared)).map(key).sort();
    expect(pulled).toEqual(original);
  });

  it('converts a small dev.json and refuses it when the item counts are not 2,106 + 2,123', async () => {
    const few = Buffer.from(buildStereoSetDevJson(sharedFlat.slice(0, 5)));
    const stereo = { ...pin('stereoset'), gitBlob: gitBlobSha1(few) };
    mirror.files.set(urlPath(stereo), few);
    const e = await auditErrorOf(() => pull({ files: [stereo] }));
    expect(e.code).toBe('E_DATASET');
    expect(e.message).toMatch(/data\/dev\.json: converted to 2 intrasentence \+ 3 intersentence items, expected 2106 \+ 2123$/);
    expect(readdirSync(dir)).toEqual([]);

    const relaxed = { ...stereo, transform: { kind: 'stereoset-flat' as const, derived: STEREOSET_FLAT_FILE, counts: { intrasentence: 2, intersentence: 3 } } };
    await pull({ files: [relaxed] });
    const items = await loadStereoSet(dir);
    const expected = [sharedFlat[1], sharedFlat[3], sharedFlat[0], sharedFlat[2], sharedFlat[4]];
    expect(items.map((i) => i.context)).toEqual(expected.map((r) => r.context));
    expect(items[2].texts.stereotype).toBe(`${sharedFlat[0].context} ${sharedFlat[0].stereotype}`);
  });

  it('skips files already present and verified, without a request', async () => {
    await pull({ datasets: ['winogender'] });
    mirror.requests.length = 0;
    const result = await pull({ datasets: ['winogender'] });
    expect(result).toEqual({ downloaded: [], present: ['winogender/templates.tsv', 'winogender/occupations-stats.tsv', 'winogender/all_sentences.tsv'] });
    expect(mirror.requests).toEqual([]);
  });

  it('refuses a file whose sha256 does not match and leaves nothing behind', async () => {
    const crows = pin('crows-pairs');
    const corrupted = Buffer.from(readFileSync(join(shared, crows.dest)));
    corrupted[1000] ^= 0x20;
    mirror.files.set(urlPath(crows), corrupted);
    const e = await auditErrorOf(() => pull({ datasets: ['crows-pairs'] }));
    expect(e.code).toBe('E_CHECKSUM');
    expect(e.message).toBe(
      `${mirror.baseUrl}${urlPath(crows)}: sha256 ${sha256Hex(corrupted)} does not match the pinned ${crows.sha256}; refusing to store ${crows.dest}`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('resumes a dropped download with a Range request', async () => {
    const sentences = pin('winogender', 'winogender/all_sentences.tsv');
    mirror.misbehave.set(urlPath(sentences), 'drop-once');
    const { events, record } = watchProgress(mirror);
    await pull({ files: [sentences], onProgress: record });
    const size = readFileSync(join(shared, sentences.dest)).length;
    const half = Math.floor(size / 2);
    expect(mirror.requests).toEqual([
      { path: urlPath(sentences), range: undefined },
      { path: urlPath(sentences), range: `bytes=${half}-` },
    ]);
    expect(events.filter((e) => e.status === 'retry' || e.status === 'resume').map((e) => e.status)).toEqual(['retry', 'resume']);
    expect(events).toContainEqual(expect.objectContaining({ status: 'resume', from: half }));
    expect(readFileSync(join(dir, sentences.dest)).equals(readFileSync(join(shared, sentences.dest)))).toBe(true);
    expect(listFiles(dir)).toEqual(['winogender/all_sentences.tsv']);
  });

  it('gives up after the retries when the connection keeps dropping, and removes the part', async () => {
    const dev = pin('sst2', 'sst2/dev.tsv');
    mirror.misbehave.set(urlPath(dev), 'drop-always');
    const { record } = watchProgress(mirror);
    const e = await auditErrorOf(() => pull({ files: [dev], retries: 2, onProgress: record }));
    expect(e.code).toBe('E_DOWNLOAD');
    // Each attempt gets half of what is left: 94,931 bytes -> 47,465, then 71,198, then 83,064 received.
    const size = readFileSync(join(shared, dev.dest)).length;
    const first = Math.floor(size / 2);
    const second = first + Math.floor((size - first) / 2);
    const third = second + Math.floor((size - second) / 2);
    expect(e.message).toBe(`${mirror.baseUrl}${urlPath(dev)}: connection lost after ${third} bytes (terminated) (gave up after 3 attempts)`);
    expect(mirror.requests.map((r) => r.range)).toEqual([undefined, `bytes=${first}-`, `bytes=${second}-`]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('starts over when the server ignores the Range header', async () => {
    const dev = pin('sst2', 'sst2/dev.tsv');
    const partPath = join(dir, `${dev.dest}.part`);
    mkdirSync(dirname(partPath), { recursive: true });
    writeFileSync(partPath, readFileSync(join(shared, dev.dest)).subarray(0, 500));
    mirror.misbehave.set(urlPath(dev), 'ignore-range');
    await pull({ files: [dev] });
    expect(mirror.requests).toEqual([{ path: urlPath(dev), range: 'bytes=500-' }]);
    expect(readFileSync(join(dir, dev.dest)).equals(readFileSync(join(shared, dev.dest)))).toBe(true);
  });

  it('resumes a part left by a killed run, and refetches from scratch when that part was stale', async () => {
    const dev = pin('sst2', 'sst2/dev.tsv');
    const partPath = join(dir, `${dev.dest}.part`);
    mkdirSync(dirname(partPath), { recursive: true });
    writeFileSync(partPath, Buffer.alloc(700, 'x'));
    await pull({ files: [dev] });
    expect(mirror.requests.map((r) => r.range)).toEqual(['bytes=700-', undefined]);
    expect(readFileSync(join(dir, dev.dest)).equals(readFileSync(join(shared, dev.dest)))).toBe(true);
    expect(existsSync(partPath)).toBe(false);
  });

  it('starts over when a leftover part is longer than the file (416)', async () => {
    const dev = pin('sst2', 'sst2/dev.tsv');
    const partPath = join(dir, `${dev.dest}.part`);
    mkdirSync(dirname(partPath), { recursive: true });
    writeFileSync(partPath, Buffer.alloc(100_000, 'x'));
    await pull({ files: [dev] });
    expect(mirror.requests.map((r) => r.range)).toEqual(['bytes=100000-', undefined]);
    expect(readFileSync(join(dir, dev.dest)).equals(readFileSync(join(shared, dev.dest)))).toBe(true);
  });

  it('stops at a 404 without retrying and leaves nothing behind', async () => {
    const missing = { ...pin('crows-pairs'), path: 'data/no_such_file.csv' };
    const e = await auditErrorOf(() => pull({ files: [missing] }));
    expect(e.code).toBe('E_DOWNLOAD');
    expect(e.message).toBe(`${mirror.baseUrl}/${missing.repo}/${missing.commit}/data/no_such_file.csv: HTTP 404 Not Found`);
    expect(mirror.requests).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]); // not even the crows-pairs/ folder it created

  });
});
