import { makeResult } from './make-result.js';

/** The committed fixture test/fixtures/report/countries-small.json: regenerate with `makeSmallResult()`. */
export const SMALL_FIXTURE_ISO3 = [
  'FRA', 'AFG', 'USA', 'IND', 'IRQ', 'BRA', 'NGA', 'JPN', 'DEU', 'KEN', 'TUV', 'NRU', 'UNK', 'MCO', 'VAT', 'FJI',
  'CHN', 'RUS', 'EGY', 'MEX', 'ISR', 'PSE', 'ZAF', 'AUS', 'NZL', 'GRL', 'SGP', 'MDV', 'ARG', 'IDN',
];

export function makeSmallResult() {
  return makeResult({ iso3: SMALL_FIXTURE_ISO3, templates: 8, seed: 3 });
}
