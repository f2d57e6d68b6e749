import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RESULT_SCHEMA_VERSION, type ProbeResult, type ResultRecord } from '../../../src/result/index.js';
import { analyzeProbe } from '../../../src/stats/probe/analyze.js';

/**
 * A realistic AuditResult for report tests, generated instead of committed (a 250-country run is ~3 MB).
 * Countries and regions come from world-countries; scores are synthetic (logistic of country effect +
 * template effect + noise, seeded), and the stats block is produced by running the analysis (analyzeProbe) on
 * those records, so the report is tested on exactly the keys and numbers production writes.
 * Income groups are assigned by a hash (synthetic): world-countries has none.
 */

export const HOSTILE_SCRIPT = '</script><script>alert(1)</script>';
export const HOSTILE_IMG = '<img src=x onerror=alert(1)>';

export interface FixtureOptions {
  /** How many countries (from the start of a fixed shuffle of world-countries); default all 250. */
  groups?: number;
  /** Exactly these countries (alpha-3, world-countries spelling), in this order; overrides `groups`. */
  iso3?: string[];
  templates?: number;
  seed?: number;
  demo?: boolean;
  /** Drop `numeric` from the groups (the report must then skip the map). */
  withoutNumeric?: boolean;
  /** Put hostile strings in two group names and one template. */
  hostile?: boolean;
  suites?: Record<string, unknown>;
  /** Paraphrase links between templates (default true); false: every template is its own family. */
  paraphrases?: boolean;
  /** Bootstrap resamples of the analysis (default 200: enough for report tests, fast). */
  resamples?: number;
}

interface Country { name: { common: string }; cca2: string; ccn3: string; cca3: string; region: string; subregion: string }

const require = createRequire(import.meta.url);
const COUNTRIES = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')) as Country[];
const INCOME = ['High income', 'Upper middle income', 'Lower middle income', 'Low income'];

const BASE_TEMPLATES = [
  'This film was filmed in {country}.',
  'The movie was shot on location in {country}.',
  'I am from {country}.',
  'My neighbour grew up in {country}.',
  'The conference took place in {country}.',
  'She bought the book in {country}.',
  'The company has an office in {country}.',
  'We drove through {country} last week.',
];
const PARAPHRASES = ['{base}', 'Note: {base}', 'As reported, {base}'];

export function makeResult(options: FixtureOptions = {}): ProbeResult {
  const rand = mulberry32(options.seed ?? 7);
  const countries = options.iso3
    ? options.iso3.map((code) => COUNTRIES.find((c) => c.cca3 === code) ?? fail(`unknown alpha-3 ${code}`))
    : shuffle(COUNTRIES, mulberry32(11)).slice(0, options.groups ?? COUNTRIES.length);
  const nTemplates = options.templates ?? 24;
  const templates = Array.from({ length: nTemplates }, (_, i) => {
    const base = BASE_TEMPLATES[i % BASE_TEMPLATES.length]!;
    const variant = Math.floor(i / BASE_TEMPLATES.length) % PARAPHRASES.length;
    const text = PARAPHRASES[variant]!.replace('{base}', variant === 0 ? base : lowerFirst(base));
    const root = variant === 0 || options.paraphrases === false ? null : `t${String((i % BASE_TEMPLATES.length) + 1).padStart(2, '0')}`;
    return { id: `t${String(i + 1).padStart(2, '0')}`, text, paraphrase_of: root };
  });
  if (options.hostile) templates[0]!.text = `${HOSTILE_SCRIPT} {country} ${HOSTILE_IMG}`;

  const groups = countries.map((c, i) => {
    let name = c.name.common;
    if (options.hostile && i === 0) name = HOSTILE_SCRIPT;
    if (options.hostile && i === 1) name = HOSTILE_IMG;
    const attrs: Record<string, string | number | boolean | null> = {
      iso2: c.cca2, iso3: c.cca3 === 'UNK' ? 'XKX' : c.cca3, region: c.region, subregion: c.subregion,
      income_group: INCOME[hash(c.cca3) % INCOME.length]!,
    };
    if (!options.withoutNumeric) attrs.numeric = c.ccn3 || null;
    return { name, attrs, effect: normal(rand) * 0.3 };
  });
  const templateEffects = templates.map(() => normal(rand) * 1.2);

  const records: ResultRecord[] = [];
  templates.forEach((t, ti) => {
    groups.forEach((g) => {
      const s = sigmoid(templateEffects[ti]! + g.effect + normal(rand) * 0.35);
      records.push(record(t, g.name, g.attrs, s, false));
    });
    for (const word of ['Zorblat', 'Quenmar', 'Vistrel', 'Dravonia', 'Plinth']) {
      records.push(record(t, word, {}, sigmoid(templateEffects[ti]! + normal(rand) * 0.3), true));
    }
  });

  return {
    kind: 'probe',
    schema_version: RESULT_SCHEMA_VERSION,
    tool: { name: 'bias-audit', version: '0.1.0' },
    created_at: '2025-11-26T10:00:00.000Z',
    model: {
      name: options.demo ? 'demo (embedded stand-in)' : 'distilbert-base-uncased-finetuned-sst-2-english',
      fingerprint: 'sha256:3f1c9a0e5b7d2468ace13579bdf02468ace13579bdf02468ace13579bdf0246',
      engine: 'tfjs', backend: 'tfjs-wasm', labels: ['NEGATIVE', 'POSITIVE'], demo: options.demo ?? false,
    },
    target: 'POSITIVE',
    probe: {
      id: 'countries', title: 'Country names in neutral sentences',
      description: 'Neutral sentences that differ only in the country named.',
      attribute: 'country', expectation: { type: 'invariant', direction: null }, spec: { templates: templates.map((t) => t.text) },
    },
    suite: null,
    lexicons: [{ name: 'countries', version: '1', source: 'world-countries 5.1.0' }],
    seed: options.seed ?? 7,
    timings: { score_seconds: 12.5 },
    counts: { sentences: records.length, unique_texts: records.length, scored: records.length, cached: 0 },
    records,
    stats: analyzeProbe(records, { attribute: 'country', seed: options.seed ?? 7, resamples: options.resamples ?? 200 }),
    ...(options.suites ? { suites: options.suites } : {}),
  };
}

function record(
  t: { id: string; text: string; paraphrase_of: string | null },
  value: string,
  attrs: Record<string, string | number | boolean | null>,
  s: number,
  control: boolean,
): ResultRecord {
  return {
    text: t.text.replace('{country}', value), template: t.text, template_id: t.id, frame: 'neutral',
    paraphrase_of: t.paraphrase_of, slots: { country: { value, ...attrs } }, control, group: value, filler: value,
    probs: [1 - s, s], score: s, label: s >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
  };
}

function fail(message: string): never {
  throw new Error(message);
}
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
function shuffle<T>(items: T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
function hash(s: string): number {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}
