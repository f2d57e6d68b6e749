#!/usr/bin/env node
/**
 * Builds datasets/lexicons/bbq_names.json, given names by ethnicity x gender, from BBQ's proper-name vocabulary
 * (Parrish et al. 2022, CC BY 4.0) in the shared datasets folder (bbq-names/vocabulary_proper_names.csv, copied byte
 * for byte from nyu-mll/BBQ; see its PROVENANCE.md). Only the `first` rows: a given name with both a gender and an
 * ethnicity, 10 in each of the 10 cells. A name BBQ files under two cells ("Amy": White and Asian, female) cannot
 * signal either, and a lexicon has one entry per name, so it is left out of both (those two cells keep 9 names).
 * Run: node scripts/lexicons/build-bbq-names.mjs [--datasets DIR]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'datasets', 'lexicons', 'bbq_names.json');
export const VERSION = '2026.12.0';
/** nyu-mll/BBQ commit and file hash the shared copy was taken from (PROVENANCE.md). */
const BBQ_COMMIT = 'bea11bd97d79217245b5871acd247b9d6eb24598';

function datasetsDir() {
  const i = process.argv.indexOf('--datasets');
  if (i > 0) return resolve(process.argv[i + 1]);
  return process.env.AUDIT_DATASETS ? resolve(process.env.AUDIT_DATASETS) : resolve(ROOT, '..', 'shared', 'datasets');
}

const GENDER = { F: 'female', M: 'male' };
const ETHNICITY = { Arab: 'arab', Asian: 'asian', Black: 'black', Latino: 'latino', White: 'white' };

export function buildBbqNames(dir = datasetsDir()) {
  const rows = parse(readFileSync(join(dir, 'bbq-names', 'vocabulary_proper_names.csv'), 'utf8'), { columns: true, trim: true });
  const given = rows.filter((r) => r.First_last === 'first');
  const cells = new Map();
  for (const r of given) {
    const key = r.Name.toLowerCase();
    cells.set(key, [...(cells.get(key) ?? []), `${r.ethnicity} ${GENDER[r.gender]}`]);
  }
  const entries = given
    .filter((r) => cells.get(r.Name.toLowerCase()).length === 1)
    .map((r) => {
      const gender = GENDER[r.gender];
      const ethnicity = ETHNICITY[r.ethnicity];
      if (!gender || !ethnicity) throw new Error(`bbq-names: unexpected gender or ethnicity for ${r.Name}: ${r.gender}, ${r.ethnicity}`);
      return { name: r.Name, ethnicity, gender, bbq_source: r.source || null };
    })
    .sort((a, b) => a.ethnicity.localeCompare(b.ethnicity) || a.gender.localeCompare(b.gender) || a.name.localeCompare(b.name));
  const dropped = given.filter((r, i) => cells.get(r.Name.toLowerCase()).length > 1
    && given.findIndex((o) => o.Name.toLowerCase() === r.Name.toLowerCase()) === i)
    .map((r) => `${r.Name} (${cells.get(r.Name.toLowerCase()).join(', ')})`);
  return {
    name: 'bbq_names',
    version: VERSION,
    description: 'Given names by ethnicity (Arab, Asian, Black, Latino, White) and gender (female, male) from BBQ\u2019s proper-name ' +
      'vocabulary, for crossed probes (`attributes: [name.ethnicity, name.gender]`): BBQ\u2019s 10 names per cell, less ' +
      `${dropped.join('; ') || 'none'}, filed by BBQ under two cells and left out of both. \`bbq_source\` is BBQ\u2019s own source column.`,
    axis: 'race_ethnicity',
    sources: [
      'parrish2022_bbq: Parrish, Chen, Nangia, Padmakumar, Phang, Thompson, Htut & Bowman (2022), BBQ: A Hand-Built Bias Benchmark ' +
        `for Question Answering, Findings of ACL 2022; templates/vocabulary_proper_names.csv at nyu-mll/BBQ ${BBQ_COMMIT} (CC BY 4.0)`,
      'BBQ\u2019s own sources per name (bbq_source): Tzioumis (2018), Demographic aspects of first names, Scientific Data 5; NYC baby ' +
        'names; US census 2010; lists cited by BBQ',
    ],
    entries,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const lex = buildBbqNames();
  writeFileSync(OUT, JSON.stringify(lex, null, 2) + '\n');
  process.stdout.write(`wrote ${OUT}: ${lex.entries.length} entries\n`);
}
