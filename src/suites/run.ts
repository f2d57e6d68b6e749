/**
 * `audit run --suite <name|all>`: load the benchmark datasets, score every sentence once (one scoreTexts call
 * for all suites, so shared texts and cache hits are scored once), keep one record per sentence, summarise.
 *
 *   load (src/datasets) ─▶ sentences.ts ─▶ (scored by runAudit) ─▶ records ─▶ summarize<Suite>
 */
import {
  loadCrowsPairs,
  loadStereoSet,
  loadWinoBias,
  loadWinoGender,
  type CrowsPair,
  type StereoSetItem,
  type WinoBias,
  type WinoGender,
} from '../datasets/index.js';
import { isAuditError, usageError } from '../errors.js';
import type { RunPlan } from '../runner/index.js';
import { DEFAULT_SUITE_SEED, resolveOptions } from './common.js';
import { summarizeCrowsPairs } from './crows-pairs.js';
import { crowsPairsSentences, stereoSetSentences, toSuiteRecord, winoBiasSentences, winoGenderSentences } from './sentences.js';
import { summarizeStereoSet } from './stereoset.js';
import { SUITE_NAMES, type SuiteName, type SuiteSentence, type SuiteSummaries } from './types.js';
import { summarizeWinoBias } from './winobias.js';
import { summarizeWinoGender } from './winogender.js';

export interface SuiteRunOptions {
  /** Where the benchmark datasets live (see `datasetsDir()` in src/config/paths.ts). */
  datasetsDir: string;
  seed?: number;
  resamples?: number;
}

/**
 * `--suite` values -> suite names: each value is a suite name or `all`, and may be a comma-separated list.
 * Order follows SUITE_NAMES; duplicates are dropped. Unknown names are a usage error listing the choices.
 */
export function parseSuiteNames(values: string | string[]): SuiteName[] {
  const wanted = (Array.isArray(values) ? values : [values]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (wanted.length === 0) throw usageError('E_SUITE', `--suite: expected one of ${[...SUITE_NAMES, 'all'].join(', ')}`);
  const unknown = wanted.filter((v) => v !== 'all' && !(SUITE_NAMES as readonly string[]).includes(v));
  if (unknown.length > 0) {
    throw usageError('E_SUITE', `--suite: unknown suite ${unknown.map((u) => JSON.stringify(u)).join(', ')} ` +
      `(choices: ${[...SUITE_NAMES, 'all'].join(', ')})`);
  }
  return wanted.includes('all') ? [...SUITE_NAMES] : SUITE_NAMES.filter((n) => wanted.includes(n));
}

/** `result.suite`: the one suite's name, `all` for all four, else the names joined with commas. */
export function suiteLabel(names: SuiteName[]): string {
  const unique = SUITE_NAMES.filter((n) => names.includes(n));
  if (unique.length === SUITE_NAMES.length) return 'all';
  return unique.join(',');
}

interface Loaded {
  winobias?: WinoBias;
  stereoset?: StereoSetItem[];
  crows?: CrowsPair[];
  winogender?: WinoGender;
  /** WinoGender loaded only for WinoBias's occupation statistics; null when its files are absent. */
  occupationStats?: WinoGender['occupations'] | null;
}

async function loadDatasets(names: SuiteName[], dir: string): Promise<Loaded> {
  const has = (n: SuiteName) => names.includes(n);
  const [winobias, stereoset, crows, winogender] = await Promise.all([
    has('winobias') ? loadWinoBias(dir) : undefined,
    has('stereoset') ? loadStereoSet(dir) : undefined,
    has('crows-pairs') ? loadCrowsPairs(dir) : undefined,
    has('winogender') ? loadWinoGender(dir) : undefined,
  ]);
  let occupationStats: WinoGender['occupations'] | null | undefined;
  if (winobias) {
    if (winogender) occupationStats = winogender.occupations;
    else {
      // WinoBias alone still runs without WinoGender; only the share-of-women correlation is then missing.
      try {
        occupationStats = (await loadWinoGender(dir)).occupations;
      } catch (e) {
        if (!isAuditError(e)) throw e;
        occupationStats = null;
      }
    }
  }
  return { winobias, stereoset, crows, winogender, occupationStats };
}

function sentencesOf(loaded: Loaded): SuiteSentence[] {
  return [
    ...(loaded.winobias ? winoBiasSentences(loaded.winobias.pairs) : []),
    ...(loaded.stereoset ? stereoSetSentences(loaded.stereoset) : []),
    ...(loaded.crows ? crowsPairsSentences(loaded.crows) : []),
    ...(loaded.winogender ? winoGenderSentences(loaded.winogender.sentences) : []),
  ];
}

/** The benchmark suites as one run: datasets loaded, one record per sentence, each suite summarised. */
export async function planSuites(names: SuiteName[], options: SuiteRunOptions): Promise<RunPlan<'suite'>> {
  const wanted = SUITE_NAMES.filter((n) => names.includes(n));
  if (wanted.length === 0) throw usageError('E_SUITE', `--suite: expected one of ${[...SUITE_NAMES, 'all'].join(', ')}`);
  const seed = options.seed ?? DEFAULT_SUITE_SEED;
  const summaryOptions = { seed, resamples: options.resamples };
  resolveOptions(summaryOptions); // bad options fail before any scoring

  const loaded = await loadDatasets(wanted, options.datasetsDir);
  const sentences = sentencesOf(loaded);
  return {
    kind: 'suite',
    texts: sentences.map((s) => s.text),
    header: { seed, subject: { kind: 'suite', probe: null, suite: suiteLabel(wanted), lexicons: [] } },
    analyse: (predictions) => {
      const records = sentences.map((s) => toSuiteRecord(s, predictions.get(s.text)!));
      const suites: SuiteSummaries = {};
      if (loaded.winobias) {
        const context = { pairs: loaded.winobias.pairs, occupationStats: loaded.occupationStats ?? null };
        suites.winobias = summarizeWinoBias(records, context, summaryOptions);
      }
      if (loaded.stereoset) suites.stereoset = summarizeStereoSet(records, loaded.stereoset, summaryOptions);
      if (loaded.crows) suites['crows-pairs'] = summarizeCrowsPairs(records, loaded.crows, summaryOptions);
      if (loaded.winogender) suites.winogender = summarizeWinoGender(records, loaded.winogender, summaryOptions);
      return { records, stats: null, suites };
    },
  };
}
