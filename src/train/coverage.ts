/**
 * How often country names occur in the training text: the demo model's first probe is about countries, and a
 * name it never saw keeps a random embedding. Measured, so the model card can say how many.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface CountryCoverage {
  /** Distinct English common names (world-countries). */
  names: number;
  /** Names that never occur as whole words in the training text. */
  never: number;
  /** Names that occur 1 to 4 times. */
  rare: number;
}

export function countryNames(): string[] {
  const require = createRequire(import.meta.url);
  const rows = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')) as { name: { common: string } }[];
  return [...new Set(rows.map((r) => r.name.common.toLowerCase()))];
}

/** Whole-word, case-insensitive occurrence counts of each name in `texts` (SST-2 text is lower-cased already). */
export function countryCoverage(texts: string[], names: string[] = countryNames()): CountryCoverage {
  const joined = ` ${texts.join(' \n ').toLowerCase()} `;
  let never = 0;
  let rare = 0;
  for (const name of names) {
    let count = 0;
    for (let at = joined.indexOf(` ${name} `); at !== -1 && count < 5; at = joined.indexOf(` ${name} `, at + 1)) count++;
    if (count === 0) never++;
    else if (count < 5) rare++;
  }
  return { names: names.length, never, rare };
}
