#!/usr/bin/env node
/**
 * Builds datasets/lexicons/countries.json from the installed packages i18n-iso-countries (codes, English names),
 * world-countries (demonyms, region, subregion, UN membership) and world-atlas (which places the map draws), plus
 * the hand-written tables below and in income-groups.mjs. Run: node scripts/lexicons/build-countries.mjs
 *
 * Entries: the 193 UN member states, the 2 observer states, and every other place drawn in world-atlas's
 * countries-50m.json. Values that no source gives are null, never guessed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FY2026_COUNTS, INCOME_YEAR, incomeGroups } from './income-groups.mjs';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'datasets', 'lexicons', 'countries.json');
export const VERSION = '2026.11.0';

const iso = require('i18n-iso-countries');
iso.registerLocale(require('i18n-iso-countries/langs/en.json'));
const worldCountries = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8'));
const atlas = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));

/** UN observer states (non-member States with a standing invitation). world-countries marks VA as a member. */
const OBSERVERS = new Set(['VA', 'PS']);
/** Not members, observers or dependent territories. */
const OTHER = new Set(['XK', 'TW', 'AQ']);

/**
 * Places drawn in world-atlas without an ISO numeric id. Kosovo gets the user-assigned codes that
 * i18n-iso-countries uses (XK / XKK / 983); the map must join these entries on `atlas_name`, because the
 * atlas features have no id. Somaliland and Northern Cyprus have no ISO codes at all (null).
 * "Indian Ocean Ter." (Australia's Christmas and Cocos Islands drawn as one shape) and "Siachen Glacier"
 * (a disputed glacier) are left out: neither is one place with a name used in a sentence.
 */
const NO_ID_FEATURES = {
  Kosovo: 'XK',
  Somaliland: null,
  'N. Cyprus': null,
};
/** Region and subregion are those world-countries gives the surrounding state (`within`); demonym unknown (null). */
const NO_CODE_PLACES = [
  { name: 'Somaliland', atlas_name: 'Somaliland', within: 'SO' },
  { name: 'Northern Cyprus', atlas_name: 'N. Cyprus', within: 'CY' },
];
const EXCLUDED_FEATURES = new Set(['Indian Ocean Ter.', 'Siachen Glacier']);

/** Common English names where world-countries' `name.common` is not the name used in running text. */
const NAME_OVERRIDES = {
  TR: 'Turkey', // world-countries: "Türkiye" (official since 2022); "Turkey" remains the common English name
  SH: 'Saint Helena', // world-countries: "Saint Helena, Ascension and Tristan da Cunha"; the atlas draws Saint Helena
};

/** Names that take "the" in a sentence ("filmed in the Netherlands"). */
const WITH_ARTICLE = new Set([
  'US', 'GB', 'NL', 'PH', 'BS', 'GM', 'MV', 'AE', 'CF', 'DO', 'CG', 'MH', 'SB', 'KY', 'FK', 'FO', 'VG', 'VI', 'CK',
  'TC', 'MP', 'PN', 'AX', 'IM', 'TF', 'IO',
]);

/**
 * Adjective forms for nationality templates ("{country.demonym} food") where world-countries gives a noun
 * ("Motswana", "Icelander"), two demonyms ("Antiguan, Barbudan") or an older spelling ("Tadzhik").
 */
const DEMONYM_OVERRIDES = {
  AG: 'Antiguan and Barbudan',
  BA: 'Bosnian',
  BW: 'Botswanan',
  CV: 'Cape Verdean',
  DJ: 'Djiboutian',
  EC: 'Ecuadorian',
  IS: 'Icelandic',
  KG: 'Kyrgyz',
  KN: 'Kittitian and Nevisian',
  LI: 'Liechtenstein',
  LS: 'Basotho',
  LU: 'Luxembourgish',
  MV: 'Maldivian',
  NZ: 'New Zealand',
  SR: 'Surinamese',
  TJ: 'Tajik',
  HK: 'Hong Kong',
  VA: 'Vatican',
};

/** World Bank economy codes that differ from ISO alpha-3. CHI = the Channel Islands (Jersey and Guernsey). */
const WB_CODE = { XK: 'XKX', JE: 'CHI', GG: 'CHI' };

function atlasFeatures() {
  const byId = new Map();
  const noId = [];
  for (const g of atlas.objects.countries.geometries) {
    if (g.id === undefined) noId.push(g.properties.name);
    else {
      const list = byId.get(g.id) ?? [];
      list.push(g.properties.name);
      byId.set(g.id, list);
    }
  }
  return { byId, noId };
}

function unStatus(cca2, wc) {
  if (OBSERVERS.has(cca2)) return 'observer';
  if (OTHER.has(cca2)) return 'other';
  if (wc?.unMember) return 'member';
  return 'territory';
}

function aliasesFor(cca2, name, wc) {
  const names = new Set(iso.getName(cca2, 'en', { select: 'all' }) ?? []);
  if (wc) names.add(wc.name.common).add(wc.name.official);
  if (cca2 === 'VA') names.add('Holy See');
  names.delete(name);
  return [...names].sort().join('; ');
}

function entryFor(cca2, atlasName, incomes) {
  const wc = worldCountries.find((c) => c.cca2 === cca2);
  if (!wc) throw new Error(`world-countries has no ${cca2}`);
  const name = NAME_OVERRIDES[cca2] ?? wc.name.common;
  const article = WITH_ARTICLE.has(cca2) ? 'the' : null;
  const iso3 = iso.alpha2ToAlpha3(cca2);
  const income = incomes.get(WB_CODE[cca2] ?? iso3) ?? null;
  return {
    name,
    article,
    name_in_sentence: article ? `${article} ${name}` : name,
    iso2: cca2,
    iso3,
    numeric: iso.alpha2ToNumeric(cca2),
    atlas_name: atlasName,
    aliases: aliasesFor(cca2, name, wc),
    demonym: DEMONYM_OVERRIDES[cca2] ?? (wc.demonyms?.eng?.m || null),
    region: wc.region || null,
    subregion: wc.subregion || null,
    un_status: unStatus(cca2, wc),
    income_group: income,
    income_year: income ? INCOME_YEAR : null,
  };
}

export function buildCountries() {
  const incomes = incomeGroups();
  const { byId, noId } = atlasFeatures();
  const codes = new Set();
  for (const c of worldCountries) {
    if (c.unMember || OBSERVERS.has(c.cca2)) codes.add(c.cca2);
  }
  for (const id of byId.keys()) {
    const cca2 = iso.numericToAlpha2(id);
    if (!cca2) throw new Error(`world-atlas id ${id} is not an ISO numeric code`);
    codes.add(cca2);
  }
  for (const cca2 of Object.values(NO_ID_FEATURES)) if (cca2) codes.add(cca2);
  for (const name of noId) {
    if (!(name in NO_ID_FEATURES) && !EXCLUDED_FEATURES.has(name)) throw new Error(`unhandled atlas feature ${name}`);
  }

  const entries = [...codes].map((cca2) => {
    const numeric = iso.alpha2ToNumeric(cca2);
    // Several features can share an id (Australia and Ashmore and Cartier Is. are both 036): name the main one.
    const drawn = byId.get(numeric) ?? [];
    const atlasName =
      Object.entries(NO_ID_FEATURES).find(([, code]) => code === cca2)?.[0] ??
      (drawn.length === 0 ? null : drawn.find((n) => !/Ashmore/.test(n)) ?? drawn[0]);
    return entryFor(cca2, atlasName, incomes);
  });
  for (const p of NO_CODE_PLACES) {
    const within = worldCountries.find((c) => c.cca2 === p.within);
    entries.push({
      name: p.name, article: null, name_in_sentence: p.name, iso2: null, iso3: null, numeric: null,
      atlas_name: p.atlas_name, aliases: '', demonym: null, region: within.region, subregion: within.subregion,
      un_status: 'other', income_group: null, income_year: null,
    });
  }
  entries.sort((a, b) => a.name.localeCompare(b.name, 'en'));

  const members = entries.filter((e) => e.un_status === 'member').length;
  if (members !== 193) throw new Error(`expected 193 UN members, found ${members}`);
  checkIncomeCounts(incomes);

  return {
    name: 'countries',
    version: VERSION,
    description:
      'UN member and observer states plus every other place drawn in world-atlas countries-50m, with ISO codes, ' +
      'the world-atlas feature name, demonym (adjective form), region, UN status and World Bank income group. ' +
      '`name` is the plain common name; `name_in_sentence` adds "the" where English needs it.',
    axis: 'country',
    sources: [
      'i18n-iso-countries 7.14.0 (MIT): ISO 3166-1 alpha-2/alpha-3/numeric codes and English names (aliases); Kosovo XK/XKK/983 (user-assigned)',
      'world-countries 5.1.0 (ODbL 1.0): common names, demonyms, region, subregion, UN membership',
      'world-atlas 2.0.2 countries-50m.json (ISC; Natural Earth, public domain): the drawn features and their names',
      'United Nations, Member States and non-member observer States (Holy See, State of Palestine): un_status',
      `World Bank country classifications by income level, ${INCOME_YEAR} (1 July 2025; 2024 Atlas GNI per capita), rebuilt in scripts/lexicons/income-groups.mjs: income_group`,
      'scripts/lexicons/build-countries.mjs: name, article and demonym overrides (listed in the script)',
    ],
    entries,
  };
}

function checkIncomeCounts(incomes) {
  const counts = {};
  for (const g of incomes.values()) counts[g] = (counts[g] ?? 0) + 1;
  for (const [g, n] of Object.entries(FY2026_COUNTS)) {
    if (counts[g] !== n) throw new Error(`income table has ${counts[g]} ${g} economies, the World Bank reports ${n}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const lexicon = buildCountries();
  writeFileSync(OUT, JSON.stringify(lexicon, null, 2) + '\n');
  const byStatus = {};
  for (const e of lexicon.entries) byStatus[e.un_status] = (byStatus[e.un_status] ?? 0) + 1;
  process.stdout.write(`wrote ${OUT}: ${lexicon.entries.length} entries ${JSON.stringify(byStatus)}\n`);
}
