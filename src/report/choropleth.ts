import { interpolateRdBu } from 'd3';
import type { GroupStat } from '../result/index.js';
import * as fmt from '../util/format.js';
import { escapeXml } from './sanitize.js';
import { ALPHA3_ALIASES, MAP_HEIGHT, MAP_WIDTH, worldGeometry, type CountryShape } from './geo.js';

/**
 * The choropleth as a server-rendered SVG string: readable without JavaScript (each shape has a <title>),
 * coloured by the group effect (`centred`, the one contrast of docs/statistics.md) on a diverging scale around 0,
 * and hatched where that same effect is not significant after Holm (`significant`), so the map says exactly what
 * the table and the summary say.
 * with data-* attributes the inline script turns into tooltips. Joined on the lexicon's ISO 3166 numeric
 * code (`attrs.numeric`), falling back to alpha-3 for the few shapes that have no numeric code.
 */

/** Nine classes: an odd count so that the middle class straddles the overall mean. */
export const CLASS_COUNT = 9;
const NO_DATA = '#d4d4d4';
const HATCH = '#3a3a3a';
/** States smaller than this (px²) on the map are drawn as circles, so they can be seen and hovered. */
const TINY_AREA = 3;
const CIRCLE_RADIUS = 3;

export interface MapClass {
  colour: string;
  low: number;
  high: number;
}

export interface ChoroplethMap {
  svg: string;
  classes: MapClass[];
  /** Groups drawn as a shape / as a circle / not drawable (no code or no known location). */
  shapes: number;
  circles: number;
  missing: string[];
  /** Shapes on the map with no group in the result. */
  noData: number;
}

/** True when the groups can be placed on a world map (they carry an ISO numeric code). */
export function hasMapKeys(groups: GroupStat[]): boolean {
  return groups.some((g) => numericCode(g) !== null);
}

export function diverging(groups: GroupStat[], centre = 0): MapClass[] {
  const half = Math.max(1e-6, ...groups.filter((g) => Number.isFinite(g.centred)).map((g) => Math.abs(g.centred - centre)));
  const step = (2 * half) / CLASS_COUNT;
  return Array.from({ length: CLASS_COUNT }, (_, i) => ({
    // RdBu: red for low P(target), blue for high; ColorBrewer rates it colour-blind safe.
    colour: interpolateRdBu((i + 0.5) / CLASS_COUNT),
    low: centre - half + i * step,
    high: centre - half + (i + 1) * step,
  }));
}

export function classOf(classes: MapClass[], value: number): number {
  const i = classes.findIndex((c) => value < c.high);
  return i === -1 ? classes.length - 1 : i;
}

/** `overallMean` is shown in the legend only (the colours are effects, centred at 0 = the average of all groups). */
export function renderChoropleth(groups: GroupStat[], overallMean: number, noun: string): ChoroplethMap {
  const world = worldGeometry();
  const classes = diverging(groups, 0);
  const drawn = new Set<string>();
  const shapes: string[] = [];
  const circles: string[] = [];
  const missing: string[] = [];

  for (const g of groups) {
    const code = numericCode(g);
    const alpha3 = typeof g.attrs.iso3 === 'string' ? (ALPHA3_ALIASES[g.attrs.iso3] ?? g.attrs.iso3) : null;
    const shape = (code && world.shapes.get(code)) || (alpha3 && world.shapes.get(alpha3)) || null;
    const key = shape?.id ?? code ?? alpha3;
    if (key === null || drawn.has(key)) {
      missing.push(g.key);
      continue;
    }
    const fill = fillOf(classes, g);
    if (shape && shape.area >= TINY_AREA) {
      shapes.push(`<path class="country" d="${shape.d}" fill="${fill}"${interactive(g)}</path>`);
    } else {
      const at = shape ? shape.centroid : locate(world, code, alpha3);
      if (!at) {
        missing.push(g.key);
        continue;
      }
      circles.push(
        `<circle class="country state-dot" cx="${at[0]}" cy="${at[1]}" r="${CIRCLE_RADIUS}" fill="${fill}"${interactive(g)}</circle>`,
      );
    }
    drawn.add(key);
  }

  const empty = [...world.shapes.values()].filter((s) => !drawn.has(s.id));
  const svg = [
    `<svg class="map" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" role="group" aria-label="World map of the group effect by ${escapeXml(noun)}" xmlns="http://www.w3.org/2000/svg">`,
    defs(classes),
    `<path class="sphere" d="${world.sphere}"/>`,
    `<path class="graticule" d="${world.graticule}"/>`,
    `<g class="no-data">${empty.map(noDataShape).join('')}</g>`,
    `<g class="countries">${shapes.join('')}</g>`,
    `<g class="dots">${circles.join('')}</g>`,
    legend(classes, overallMean, noun),
    '</svg>',
  ].join('');
  return { svg, classes, shapes: shapes.length, circles: circles.length, missing, noData: empty.length };
}

function numericCode(g: GroupStat): string | null {
  const n = g.attrs.numeric;
  if (typeof n === 'number' && Number.isFinite(n)) return String(n).padStart(3, '0');
  if (typeof n === 'string' && /^\d{1,3}$/.test(n)) return n.padStart(3, '0');
  return null;
}

function locate(world: ReturnType<typeof worldGeometry>, code: string | null, alpha3: string | null) {
  const lonLat = (code && world.locate(code)) || (alpha3 && world.locate(alpha3)) || null;
  return lonLat ? world.project(lonLat) : null;
}

/** Not significant after Holm (the table's test): hatched, whatever the colour. */
export function fillOf(classes: MapClass[], g: GroupStat): string {
  const i = classOf(classes, g.centred);
  return g.significant ? classes[i]!.colour : `url(#hatch-${i})`;
}

/** Opening-tag tail: focusable, tooltip data, and a <title> (also the accessible name) for readers without JavaScript. */
function interactive(g: GroupStat): string {
  const title = `${g.key}: effect ${fmt.signed(g.centred)} (95% CI ${fmt.interval(g.centred_ci)}), ${g.significant ? 'significant' : 'not significant'} after Holm, mean ${fmt.score(g.mean)}, n ${g.n}, rank ${fmt.rank(g.rank)} (${fmt.rankInterval(g.rank_ci)})`;
  const attrs: [string, string][] = [
    ['data-key', g.key],
    ['data-effect', fmt.signed(g.centred)],
    ['data-mean', fmt.score(g.mean)],
    ['data-ci', fmt.interval(g.centred_ci)],
    ['data-n', String(g.n)],
    ['data-rank', `${fmt.rank(g.rank)} (${fmt.rankInterval(g.rank_ci)})`],
  ];
  return ` tabindex="0" ${attrs.map(([k, v]) => `${k}="${escapeXml(v)}"`).join(' ')}><title>${escapeXml(title)}</title>`;
}

function noDataShape(s: CountryShape): string {
  return `<path d="${s.d}"><title>${escapeXml(s.name)}: no data</title></path>`;
}

function defs(classes: MapClass[]): string {
  const patterns = classes.map(
    (c, i) =>
      `<pattern id="hatch-${i}" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
      `<rect width="4" height="4" fill="${c.colour}"/><line x1="0" y1="0" x2="0" y2="4" stroke="${HATCH}" stroke-width="1.3" stroke-opacity="0.6"/></pattern>`,
  );
  return `<defs>${patterns.join('')}</defs>`;
}

/** Drawn in the empty corner below the Pacific so that it prints with the map. */
function legend(classes: MapClass[], centre: number, noun: string): string {
  const x = 12;
  const y = MAP_HEIGHT - 118;
  const w = 26;
  const swatches = classes
    .map((c, i) => `<rect x="${x + i * w}" y="${y + 16}" width="${w}" height="12" fill="${c.colour}"/>`)
    .join('');
  const mid = x + (CLASS_COUNT * w) / 2;
  const lines = [
    `<text x="${x}" y="${y + 10}" class="legend-title">Effect by ${escapeXml(noun)} (vs average, mean ${fmt.score(centre, 2)})</text>`,
    swatches,
    `<line x1="${mid}" x2="${mid}" y1="${y + 13}" y2="${y + 31}" stroke="#000"/>`,
    `<text x="${x}" y="${y + 42}">${fmt.signed(classes[0]!.low, 2)}</text>`,
    `<text x="${mid}" y="${y + 42}" text-anchor="middle">0 (average)</text>`,
    `<text x="${x + CLASS_COUNT * w}" y="${y + 42}" text-anchor="end">${fmt.signed(classes[CLASS_COUNT - 1]!.high, 2)}</text>`,
    `<rect x="${x}" y="${y + 52}" width="18" height="12" fill="url(#hatch-${(CLASS_COUNT - 1) / 2})" stroke="#888" stroke-width="0.5"/>`,
    `<text x="${x + 24}" y="${y + 62}">not significant (Holm), as in the table</text>`,
    `<rect x="${x}" y="${y + 70}" width="18" height="12" fill="${NO_DATA}"/>`,
    `<text x="${x + 24}" y="${y + 80}">no data</text>`,
    `<circle cx="${x + 9}" cy="${y + 94}" r="${CIRCLE_RADIUS}" fill="${classes[(CLASS_COUNT - 1) / 2]!.colour}" stroke="#333" stroke-width="0.8"/>`,
    `<text x="${x + 24}" y="${y + 98}">small state (position only)</text>`,
  ];
  return `<g class="legend" aria-hidden="true">${lines.join('')}</g>`;
}
