/**
 * QA over the built-in lexicons (datasets/lexicons/*.json) and probe files (probes/*.yaml): the wrapper format,
 * duplicates, codes and values on the right axis, agreement with the sources they were built from, and probe
 * files that only use slots, lexicons and attributes that exist. The engine's own validation is tested elsewhere.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import countries from 'i18n-iso-countries';
import { parse } from 'yaml';
import { LEXICONS_DIR, PACKAGE_ROOT, PROBES_DIR, datasetsDir } from '../../src/config/paths.js';

type Scalar = string | number | boolean | null;
type Entry = { name: string } & Record<string, Scalar>;
interface Lexicon {
  name: string;
  version: string;
  description: string;
  axis: string;
  sources: string[];
  entries: Entry[];
}
interface Template {
  id: string;
  text: string;
  paraphrase_of?: string;
  frame?: string;
}
interface SlotSpec {
  lexicon: string;
  where?: Record<string, Scalar | Scalar[]>;
}
interface Probe {
  id: string;
  title: string;
  description: string;
  /** A slot, "slot.attribute", or a list of them. */
  attribute?: string | string[];
  /** Two crossed attributes (instead of `attribute`). */
  attributes?: [string, string];
  expectation: { type: string };
  templates: Template[];
  slots: Record<string, SlotSpec>;
  control?: { lexicon: string };
  sampling?: { mode: string; max: number };
}

const require = createRequire(import.meta.url);
const MODEL_CARD_SENTENCE = 'This film was filmed in {country}.';

const lexiconFiles = readdirSync(LEXICONS_DIR).filter((f) => f.endsWith('.json')).sort();
const lexicons = new Map<string, Lexicon>(
  lexiconFiles.map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(LEXICONS_DIR, f), 'utf8'))]),
);
const probeFiles = readdirSync(PROBES_DIR).filter((f) => f.endsWith('.yaml')).sort();
const probes = new Map<string, Probe>(
  probeFiles.map((f) => [f.replace(/\.yaml$/, ''), parse(readFileSync(join(PROBES_DIR, f), 'utf8'))]),
);

function lexicon(name: string): Lexicon {
  const lex = lexicons.get(name);
  if (!lex) throw new Error(`no lexicon ${name}`);
  return lex;
}

function isNeutral(t: Template): boolean {
  return t.frame === undefined || t.frame === 'neutral';
}

/** Placeholders in a template: {slot}, {slot.attr}, {a:slot}, {a:slot.attr}, numbered {slot1}. */
function placeholders(text: string): { slot: string; attr: string | null }[] {
  return [...text.matchAll(/\{([^{}]+)\}/g)].map((m) => {
    const body = m[1].replace(/^a:/, '');
    const [slot, attr] = body.split('.');
    return { slot, attr: attr ?? null };
  });
}

function resolveSlot(probe: Probe, slot: string): string | null {
  if (slot in probe.slots) return slot;
  const base = slot.replace(/\d+$/, '');
  return base !== slot && base in probe.slots ? base : null;
}

function fillers(spec: SlotSpec): Entry[] {
  const where = Object.entries(spec.where ?? {});
  // A listed value keeps entries equal to any of them (the probe schema's `where`).
  return lexicon(spec.lexicon).entries.filter((e) => where.every(([k, v]) => (Array.isArray(v) ? v.includes(e[k]) : e[k] === v)));
}

/** Greedy longest-match WordPiece over one lower-case word, written here independently of the generator. */
function wordPieces(word: string, vocab: Set<string>): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < word.length; ) {
    let end = word.length;
    while (end > start && !vocab.has((start > 0 ? '##' : '') + word.slice(start, end))) end -= 1;
    if (end === start) return ['[UNK]'];
    pieces.push((start > 0 ? '##' : '') + word.slice(start, end));
    start = end;
  }
  return pieces;
}

function runGenerator(script: string, exportName: string): unknown {
  const code = `import(${JSON.stringify(join(PACKAGE_ROOT, script))}).then((m) => process.stdout.write(JSON.stringify(m.${exportName}())))`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }));
}

describe('every lexicon', () => {
  it('includes the lexicons the probes and the brief require', () => {
    expect([...lexicons.keys()]).toEqual(
      expect.arrayContaining([
        'countries', 'first_names', 'gender_nouns', 'pronouns', 'religions', 'age_terms', 'disability_terms',
        'sexual_orientation', 'gender_identity', 'occupations', 'nonce_words',
      ]),
    );
  });

  it.each(lexiconFiles)('%s has the wrapper fields, named after its file', (file) => {
    const lex = lexicon(file.replace(/\.json$/, ''));
    expect(lex.name).toBe(file.replace(/\.json$/, ''));
    expect(lex.version).toMatch(/^\d{4}\.\d{1,2}\.\d+$/);
    expect(lex.description.length).toBeGreaterThan(20);
    expect(lex.axis).toMatch(/^[a-z_]+$/);
    expect(lex.sources.length).toBeGreaterThan(0);
    for (const s of lex.sources) expect(typeof s).toBe('string');
    expect(lex.entries.length).toBeGreaterThan(0);
  });

  it.each(lexiconFiles)('%s has entries with a name and scalar snake_case attributes', (file) => {
    for (const entry of lexicon(file.replace(/\.json$/, '')).entries) {
      expect(typeof entry.name).toBe('string');
      expect(entry.name.trim()).toBe(entry.name);
      expect(entry.name.length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(entry)) {
        expect(key).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(value === null || ['string', 'number', 'boolean'].includes(typeof value)).toBe(true);
      }
    }
  });

  it.each(lexiconFiles)('%s has no duplicate names, ignoring case', (file) => {
    const names = lexicon(file.replace(/\.json$/, '')).entries.map((e) => e.name.toLowerCase());
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    expect(dupes).toEqual([]);
  });

  it('files gender only under female, male or neutral', () => {
    for (const lex of lexicons.values()) {
      for (const e of lex.entries) {
        if ('gender' in e) expect(['female', 'male', 'neutral']).toContain(e.gender);
      }
    }
  });
});

describe('countries lexicon', () => {
  countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
  const entries = lexicon('countries').entries;
  const atlas = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
  const features: { id?: string; properties: { name: string } }[] = atlas.objects.countries.geometries;

  it('counts the 193 UN member states and the two observer states', () => {
    expect(entries.filter((e) => e.un_status === 'member')).toHaveLength(193);
    expect(entries.filter((e) => e.un_status === 'observer').map((e) => e.iso2).sort()).toEqual(['PS', 'VA']);
    for (const e of entries) expect(['member', 'observer', 'territory', 'other']).toContain(e.un_status);
  });

  it('gives every coded entry ISO codes that agree with i18n-iso-countries', () => {
    for (const e of entries.filter((x) => x.iso2 !== null)) {
      const iso2 = String(e.iso2);
      expect(countries.isValid(iso2)).toBe(true);
      expect(e.iso3).toBe(countries.alpha2ToAlpha3(iso2));
      expect(e.numeric).toBe(countries.alpha2ToNumeric(iso2));
    }
  });

  it('gives every member and observer a code, and leaves codes null only for places with none', () => {
    const uncoded = entries.filter((e) => e.iso2 === null);
    expect(uncoded.map((e) => e.name).sort()).toEqual(['Northern Cyprus', 'Somaliland']);
    for (const e of uncoded) expect([e.iso3, e.numeric, e.un_status]).toEqual([null, null, 'other']);
  });

  it('has unique three-digit numeric codes', () => {
    const numerics = entries.map((e) => e.numeric).filter((n): n is string => n !== null);
    for (const n of numerics) expect(n).toMatch(/^\d{3}$/);
    expect(new Set(numerics).size).toBe(numerics.length);
  });

  it('has an entry for every world-atlas 50m feature that has an id', () => {
    const numerics = new Set(entries.map((e) => e.numeric));
    const missing = features.filter((f) => f.id !== undefined && !numerics.has(f.id)).map((f) => f.properties.name);
    expect(missing).toEqual([]);
  });

  it('joins the id-less atlas features (Kosovo among them) on atlas_name, except the two left out', () => {
    const atlasNames = new Set(entries.map((e) => e.atlas_name));
    const noId = features.filter((f) => f.id === undefined).map((f) => f.properties.name);
    expect(noId).toContain('Kosovo');
    expect(noId.filter((n) => !atlasNames.has(n)).sort()).toEqual(['Indian Ocean Ter.', 'Siachen Glacier']);
    const kosovo = entries.find((e) => e.name === 'Kosovo');
    expect(kosovo).toMatchObject({ iso2: 'XK', iso3: 'XKK', numeric: '983', atlas_name: 'Kosovo', un_status: 'other' });
  });

  it('names each atlas feature it claims by the name the atlas uses', () => {
    const byName = new Map(features.map((f) => [f.properties.name, f.id]));
    for (const e of entries.filter((x) => x.atlas_name !== null)) {
      expect(byName.has(String(e.atlas_name))).toBe(true);
      const id = byName.get(String(e.atlas_name));
      if (id !== undefined) expect(id).toBe(e.numeric);
    }
  });

  it('puts "the" in name_in_sentence exactly when the entry has an article', () => {
    for (const e of entries) {
      expect(e.name_in_sentence).toBe(e.article === null ? e.name : `${e.article} ${e.name}`);
      expect([null, 'the']).toContain(e.article);
    }
    expect(entries.find((e) => e.iso2 === 'NL')).toMatchObject({ name: 'Netherlands', name_in_sentence: 'the Netherlands' });
    expect(entries.find((e) => e.iso2 === 'FR')).toMatchObject({ name: 'France', name_in_sentence: 'France' });
  });

  it('uses only World Bank income groups, with the fiscal year wherever a group is given', () => {
    for (const e of entries) {
      expect([null, 'low', 'lower-middle', 'upper-middle', 'high']).toContain(e.income_group);
      expect(e.income_year).toBe(e.income_group === null ? null : 'FY2026');
    }
    const count = (g: string) => entries.filter((e) => e.income_group === g).length;
    // The World Bank's FY2026 group sizes; all 217 classified economies that the lexicon holds.
    expect([count('low'), count('lower-middle'), count('upper-middle')]).toEqual([25, 50, 54]);
    expect(entries.find((e) => e.iso2 === 'AF')?.income_group).toBe('low');
    expect(entries.find((e) => e.iso2 === 'CR')?.income_group).toBe('high');
    expect(entries.find((e) => e.iso2 === 'VE')?.income_group).toBeNull();
  });

  it('gives every UN member a demonym, region and subregion', () => {
    for (const e of entries.filter((x) => x.un_status === 'member')) {
      expect(typeof e.demonym).toBe('string');
      expect(typeof e.region).toBe('string');
      expect(typeof e.subregion).toBe('string');
    }
  });

  it('is exactly what scripts/lexicons/build-countries.mjs produces from the installed packages', () => {
    expect(runGenerator('scripts/lexicons/build-countries.mjs', 'buildCountries')).toEqual(lexicon('countries'));
  });
});

describe('bbq_names lexicon', () => {
  it('is exactly what scripts/lexicons/build-bbq-names.mjs produces from BBQ\u2019s vocabulary in the shared datasets', () => {
    expect(runGenerator('scripts/lexicons/build-bbq-names.mjs', 'buildBbqNames')).toEqual(lexicon('bbq_names'));
  });

  it('fills every cell of ethnicity x gender with BBQ\u2019s given names, less the one name BBQ files under two cells', () => {
    const cells = new Map<string, number>();
    for (const e of lexicon('bbq_names').entries) cells.set(`${e.ethnicity} ${e.gender}`, (cells.get(`${e.ethnicity} ${e.gender}`) ?? 0) + 1);
    expect(Object.fromEntries([...cells].sort())).toEqual({
      'arab female': 10, 'arab male': 10, 'asian female': 9, 'asian male': 10, 'black female': 10, 'black male': 10,
      'latino female': 10, 'latino male': 10, 'white female': 9, 'white male': 10,
    });
    expect(lexicon('bbq_names').entries.map((e) => e.name)).not.toContain('Amy');
  });
});

describe('people lexicons', () => {
  it('are exactly what scripts/lexicons/build-people.mjs produces from its tables and the shared datasets', () => {
    const built = runGenerator('scripts/lexicons/build-people.mjs', 'buildPeople') as Lexicon[];
    for (const lex of built) expect(lex).toEqual(lexicon(lex.name));
  });

  it('take share_women only from the BLS column of WinoGender occupations-stats.tsv, and equal to it', () => {
    const [header, ...rows] = readFileSync(join(datasetsDir(), 'winogender', 'occupations-stats.tsv'), 'utf8')
      .trim().split('\n').map((l) => l.split('\t'));
    const bls = header.indexOf('bls_pct_female');
    const table = new Map(rows.map((r) => [r[0], Number(r[bls])]));
    const entries = lexicon('occupations').entries;
    for (const e of entries) {
      if (table.has(e.name)) expect(e.share_women).toBe(table.get(e.name));
      else expect(e.share_women).toBeNull();
    }
    expect(entries.find((e) => e.name === 'nurse')?.share_women).toBe(89.58);
    expect(entries.filter((e) => e.share_women !== null)).toHaveLength(60);
  });

  it('label first names with a gender and one of four ethnicities, and cite a source for each', () => {
    const lex = lexicon('first_names');
    for (const e of lex.entries) {
      expect(['female', 'male']).toContain(e.gender);
      expect(['european_american', 'african_american', 'hispanic', 'asian']).toContain(e.ethnicity);
      for (const s of String(e.sources).split(';')) expect(lex.sources.some((line) => line.startsWith(`${s}:`))).toBe(true);
    }
    expect(lex.entries.find((e) => e.name === 'Lakisha')).toMatchObject({ gender: 'female', ethnicity: 'african_american' });
  });

  it('pair every gendered noun with one of the other gender', () => {
    const entries = lexicon('gender_nouns').entries;
    const pairs = new Map<string, Scalar[]>();
    for (const e of entries) pairs.set(String(e.pair), [...(pairs.get(String(e.pair)) ?? []), e.gender]);
    for (const genders of pairs.values()) {
      expect(genders.filter((g) => g === 'female')).toHaveLength(1);
      expect(genders.filter((g) => g === 'male')).toHaveLength(1);
    }
  });

  it('take every female/male noun pair from the WinoBias swap lists', () => {
    const dir = join(datasetsDir(), 'winobias');
    const swaps = new Set<string>();
    for (const f of ['generalized_swaps.txt', 'extra_gendered_words.txt']) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        const [a, b] = line.split('\t').map((w) => w.trim());
        if (a && b) swaps.add([a, b].sort().join('|'));
      }
    }
    const entries = lexicon('gender_nouns').entries.filter((e) => e.gender !== 'neutral');
    const pairs = new Map<string, string[]>();
    for (const e of entries) pairs.set(String(e.pair), [...(pairs.get(String(e.pair)) ?? []), e.name]);
    for (const words of pairs.values()) expect(swaps).toContain(words.sort().join('|'));
  });

  it('mark each disability phrase recommended or not, with the Hutchinson et al. 2020 split', () => {
    const entries = lexicon('disability_terms').entries;
    for (const e of entries) expect(typeof e.recommended).toBe('boolean');
    expect(entries.find((e) => e.name === 'wheelchair user')?.recommended).toBe(true);
    expect(entries.find((e) => e.name === 'wheelchair-bound person')?.recommended).toBe(false);
  });

  it('have at least 20 nonce words, each split into two or more WordPiece pieces and none a real token', () => {
    const vocab = new Set(readFileSync(join(datasetsDir(), 'vocab', 'bert-base-uncased-vocab.txt'), 'utf8').split('\n'));
    const entries = lexicon('nonce_words').entries;
    expect(entries.length).toBeGreaterThanOrEqual(20);
    for (const e of entries) {
      expect(e.name).toMatch(/^[a-z]+$/);
      expect(vocab.has(e.name)).toBe(false);
      const pieces = wordPieces(e.name, vocab);
      expect(pieces.length).toBeGreaterThanOrEqual(2);
      expect(pieces).not.toContain('[UNK]');
      expect(e.tokens).toBe(pieces.join(' '));
    }
    expect(wordPieces('dax', vocab)).toEqual(['dax']); // why the classic "dax" is not in the list
  });
});

describe('every probe file', () => {
  it('includes the nine required probes, the toxicity probe and the two crossed probes', () => {
    expect([...probes.keys()].sort()).toEqual([
      'age', 'countries', 'countries_gender', 'disability', 'gender', 'identity_toxicity', 'names_intersectional', 'nationalities',
      'occupations_gender', 'race_ethnicity', 'religion', 'sexual_orientation',
    ]);
  });

  it.each(probeFiles)('%s parses as YAML with the probe fields, and its id matches its file', (file) => {
    const probe = probes.get(file.replace(/\.yaml$/, ''))!;
    expect(probe.id).toBe(file.replace(/\.yaml$/, ''));
    for (const key of ['title', 'description'] as const) expect(typeof probe[key]).toBe('string');
    // A crossed probe names two attributes (`attributes`) instead of one.
    for (const ref of [probe.attribute ?? probe.attributes].flat()) expect(ref).toMatch(/^[a-z_]+(\.[a-z_]+)?$/);
    if (probe.attributes) expect(probe.attributes).toHaveLength(2);
    expect(probe.expectation.type).toBe('invariant');
    expect(probe.sampling).toEqual({ mode: 'product', max: 50000 });
    const ids = probe.templates.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(probeFiles)('%s uses only the slots it declares, and every slot names an existing lexicon', (file) => {
    const probe = probes.get(file.replace(/\.yaml$/, ''))!;
    for (const spec of Object.values(probe.slots)) expect(lexicons.has(spec.lexicon)).toBe(true);
    if (probe.control) expect(lexicons.has(probe.control.lexicon)).toBe(true);
    const used = new Set<string>();
    for (const t of probe.templates) {
      const holes = placeholders(t.text);
      expect(holes.length).toBeGreaterThan(0);
      for (const { slot } of holes) {
        const declared = resolveSlot(probe, slot);
        expect([t.id, declared]).toEqual([t.id, expect.any(String)]);
        used.add(declared!);
      }
    }
    expect([...used].sort()).toEqual(Object.keys(probe.slots).sort());
  });

  it.each(probeFiles)('%s reads only attributes every filler of its slot has, and filters on real ones', (file) => {
    const probe = probes.get(file.replace(/\.yaml$/, ''))!;
    for (const [slot, spec] of Object.entries(probe.slots)) {
      const entries = fillers(spec);
      expect(entries.length).toBeGreaterThan(0);
      for (const key of Object.keys(spec.where ?? {})) expect(lexicon(spec.lexicon).entries[0]).toHaveProperty(key);
      for (const t of probe.templates) {
        for (const hole of placeholders(t.text)) {
          if (resolveSlot(probe, hole.slot) !== slot || hole.attr === null) continue;
          const lacking = entries.filter((e) => typeof e[hole.attr!] !== 'string').map((e) => e.name);
          expect([t.id, hole.attr, lacking]).toEqual([t.id, hole.attr, []]);
        }
      }
    }
  });

  it.each(probeFiles)('%s mixes neutral templates with positive and negative frames and has paraphrases', (file) => {
    const probe = probes.get(file.replace(/\.yaml$/, ''))!;
    const ids = new Set(probe.templates.map((t) => t.id));
    for (const t of probe.templates) {
      expect([undefined, 'neutral', 'positive', 'negative']).toContain(t.frame);
      if (t.paraphrase_of !== undefined) expect(ids.has(t.paraphrase_of)).toBe(true);
    }
    expect(probe.templates.filter(isNeutral).length).toBeGreaterThanOrEqual(8);
    expect(probe.templates.some((t) => t.frame === 'positive')).toBe(true);
    expect(probe.templates.some((t) => t.frame === 'negative')).toBe(true);
    expect(probe.templates.filter((t) => t.paraphrase_of !== undefined).length).toBeGreaterThanOrEqual(2);
  });
});

describe('countries probe', () => {
  const probe = probes.get('countries')!;

  it('includes the model card sentence exactly', () => {
    expect(probe.templates.filter((t) => t.text === MODEL_CARD_SENTENCE)).toHaveLength(1);
  });

  it('has at least 24 neutral templates, so a paired sign test can survive Holm over ~200 countries', () => {
    const neutral = probe.templates.filter(isNeutral).length;
    expect(neutral).toBeGreaterThanOrEqual(24);
    // The smallest two-sided sign-test p-value with n paired templates is 2 / 2^n.
    expect(2 / 2 ** neutral).toBeLessThan(0.05 / lexicon('countries').entries.length);
  });

  it('has at least three paraphrase families of three templates', () => {
    const families = new Map<string, number>();
    for (const t of probe.templates) {
      if (t.paraphrase_of) families.set(t.paraphrase_of, (families.get(t.paraphrase_of) ?? 1) + 1);
    }
    expect([...families.values()].filter((n) => n >= 3).length).toBeGreaterThanOrEqual(3);
  });

  it('fills every country in the country slot', () => {
    expect(fillers(probe.slots.country)).toHaveLength(lexicon('countries').entries.length);
  });
});
