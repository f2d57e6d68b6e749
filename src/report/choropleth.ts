import { interpolateRdBu } from 'd3';
import type { GroupStat } from '../result/index.js';
import { effectMark, shownInterval } from '../result/index.js';
import * as fmt from '../util/format.js';
import { escapeXml } from './sanitize.js';
import { ALPHA3_ALIASES, MAP_HEIGHT, MAP_WIDTH, worldGeometry, type CountryShape } from './geo.js';

/**
 * The choropleth as a server-rendered SVG string: readable without JavaScript (each shape has a <title>),
 * coloured by the group effect (`centred`, the one contrast of docs/statistics.md) on a diverging scale around 0,
 * and hatched where its simultaneous interval contains 0 (result/effect.ts: the mark of the table and the chart), so
 * the map says exactly what the table and the summary say, with data-* attributes the inline script turns into
 * tooltips (effect, interval, verdict). Joined on the lexicon's ISO 3166 numeric
 * code (`attrs.numeric`), falling back to alpha-3 for the few shapes that have no numeric code.
 */

/** Nine classes: an odd count so that the middle class straddles 0 (the average of all groups). */
export const CLASS_COUNT = 9;
/** Darker than the near-white "about average" class, so "no data" cannot be read as "average". */
const NO_DATA = '#a9a9a9';
/**
 * Shapes with no people (Antarctica, the French Southern Territories, Heard and McDonald, Bouvet, South Georgia): a
 * probe about countries' people says little about them, and their area would dominate the picture. Drawn as circles.
 */
export const UNPOPULATED = new Set(['010', '260', '334', '074', '239']);
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

/**
 * Symmetric quantile classes around 0: the edges are the 20%, 40%, 60%, 80% and 100% quantiles of |effect|, mirrored,
 * so the classes near 0 are as fine as the data: the middle class and each pair of classes beyond it hold about a
 * fifth of the groups. Equal-width classes put most groups of a probe with a few large effects in the middle class.
 */
export function diverging(groups: GroupStat[], centre = 0): MapClass[] {
  const sizes = groups.map((g) => Math.abs(g.centred - centre)).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const edgeCount = (CLASS_COUNT + 1) / 2;
  const top = Math.max(1e-6, sizes[sizes.length - 1] ?? 0);
  const edges: number[] = [];
  for (let k = 1; k <= edgeCount; k++) {
    // Strictly increasing even when many effects tie (a floor of 2% of the largest per step).
    edges.push(Math.max(quantile(sizes, k / edgeCount), (edges[edges.length - 1] ?? 0) + top / 50));
  }
  // -edges[4], ..., -edges[0], +edges[0], ..., +edges[4]: ten bounds, nine classes.
  const bounds = [...edges.map((e) => centre - e).reverse(), ...edges.map((e) => centre + e)];
  return Array.from({ length: CLASS_COUNT }, (_, i) => ({
    // RdBu: red for low P(target), blue for high; ColorBrewer rates it colour-blind safe.
    colour: interpolateRdBu((i + 0.5) / CLASS_COUNT),
    low: bounds[i]!,
    high: bounds[i + 1]!,
  }));
}

/** Linear-interpolation quantile of sorted values (0 for none). */
function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function classOf(classes: MapClass[], value: number): number {
  const i = classes.findIndex((c) => value < c.high);
  return i === -1 ? classes.length - 1 : i;
}

export interface ChoroplethOptions {
  /** Colour classes to use instead of the groups' own (several maps on one page share one scale). */
  classes?: MapClass[];
  /** Which groups are drawn solid rather than hatched (default: the mark of result/effect.ts). */
  solid?: (g: GroupStat) => boolean;
  /** The tooltip's verdict (default: verdictText). */
  verdict?: (g: GroupStat) => string;
}

/** `overallMean` is shown in the legend only (the colours are effects, centred at 0 = the average of all groups). */
export function renderChoropleth(groups: GroupStat[], overallMean: number, noun: string, options: ChoroplethOptions = {}): ChoroplethMap {
  const world = worldGeometry();
  const classes = options.classes ?? diverging(groups, 0);
  const solid = options.solid ?? ((g: GroupStat) => effectMark(g) !== null);
  const verdict = options.verdict ?? ((g: GroupStat) => verdictText(g, noun));
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
    const fill = fillOf(classes, g, solid(g));
    if (shape && shape.area >= TINY_AREA && !UNPOPULATED.has(shape.id)) {
      shapes.push(`<path class="country" d="${shape.d}" fill="${fill}"${interactive(g, verdict(g))}</path>`);
    } else {
      const at = shape ? shape.centroid : locate(world, code, alpha3);
      if (!at) {
        missing.push(g.key);
        continue;
      }
      circles.push(
        `<circle class="country state-dot" cx="${at[0]}" cy="${at[1]}" r="${CIRCLE_RADIUS}" ` +
        `fill="${fill}"${interactive(g, verdict(g))}</circle>`,
      );
    }
    drawn.add(key);
  }

  const empty = [...world.shapes.values()].filter((s) => !drawn.has(s.id));
  const unpopulated = empty.filter((s) => UNPOPULATED.has(s.id));
  const svg = [
    `<svg class="map" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" role="group" aria-label="World map of the group effect ` +
    `by ${escapeXml(noun)}" xmlns="http://www.w3.org/2000/svg">`,
    defs(classes),
    `<path class="sphere" d="${world.sphere}"/>`,
    `<path class="graticule" d="${world.graticule}"/>`,
    `<g class="no-data">${empty.filter((s) => !UNPOPULATED.has(s.id)).map(noDataShape).join('')}</g>`,
    `<g class="unpopulated">${unpopulated.map(noDataShape).join('')}</g>`,
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

/** Hatched unless `solid` (by default: the shown simultaneous interval excludes 0, the table's mark). */
export function fillOf(classes: MapClass[], g: GroupStat, solid = effectMark(g) !== null): string {
  const i = classOf(classes, g.centred);
  return solid ? classes[i]!.colour : `url(#hatch-${i})`;
}

/** The verdict in words, as the table's "finding" column says it. */
export function verdictText(g: GroupStat, noun: string): string {
  const mark = effectMark(g);
  return mark === null ? `cannot be told from the average ${noun}` : `differs: ${mark} than the average ${noun}`;
}

/** Opening-tag tail: focusable, tooltip data, and a <title> (also the accessible name) for readers without JavaScript. */
function interactive(g: GroupStat, verdict: string): string {
  const ci = fmt.interval(shownInterval(g));
  const title = `${g.key}: effect ${fmt.signed(g.centred)} (simultaneous 95% CI ${ci}), ${verdict}; mean score ${fmt.score(
    g.mean)}, n ${g.n}`;
  const attrs: [string, string][] = [
    ['data-key', g.key],
    ['data-effect', fmt.signed(g.centred)],
    ['data-ci', ci],
    ['data-verdict', verdict],
    ['data-mean', fmt.score(g.mean)],
    ['data-n', String(g.n)],
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
      `<rect width="4" height="4" fill="${c.colour}"/><line x1="0" y1="0" x2="0" y2="4" stroke="${HATCH}" stroke-width="1.3" ` +
      `stroke-opacity="0.6"/></pattern>`,
  );
  return `<defs>${patterns.join('')}</defs>`;
}

/** Drawn in the empty corner below the Pacific so that it prints with the map; ticks at every class edge. */
function legend(classes: MapClass[], centre: number, noun: string): string {
  const x = 12;
  const y = MAP_HEIGHT - 132;
  const w = 40;
  const swatches = classes
    .map((c, i) => `<rect x="${x + i * w}" y="${y + 16}" width="${w}" height="12" fill="${c.colour}" stroke="#999" stroke-width="0.3"/>`)
    .join('');
  // Edges between classes (8 of them), in the table's unit (a difference of probabilities, "−0.012").
  const ticks = classes.slice(1).map((c, i) => {
    const at = x + (i + 1) * w;
    const label = tick(c.low);
    return `<line x1="${at}" x2="${at}" y1="${y + 28}" y2="${y + 33}" stroke="#333"/>` +
      `<text x="${at}" y="${y + 43}" text-anchor="middle" class="tick">${label}</text>`;
  }).join('');
  const lines = [
    `<text x="${x}" y="${y + 10}" class="legend-title">Effect by ${escapeXml(noun)}: score minus the average (average ` +
    `mean score ${fmt.score(centre, 2)})</text>`,
    swatches,
    ticks,
    `<rect x="${x}" y="${y + 52}" width="18" height="12" fill="url(#hatch-${(CLASS_COUNT - 1) / 2})" stroke="#888" stroke-width="0.5"/>`,
    `<text x="${x + 24}" y="${y + 62}">hatched: cannot be told from average (interval includes 0)</text>`,
    `<rect x="${x}" y="${y + 70}" width="18" height="12" fill="${NO_DATA}"/>`,
    `<text x="${x + 24}" y="${y + 80}">no data</text>`,
    `<circle cx="${x + 9}" cy="${y + 94}" r="${CIRCLE_RADIUS}" fill="${classes[1]!.colour}" stroke="#333" stroke-width="0.8"/>`,
    `<text x="${x + 24}" y="${y + 98}">small or unpopulated territory, coloured like the rest</text>`,
  ];
  return `<g class="legend" aria-hidden="true">${lines.join('')}</g>`;
}

/**
 * A class edge as the table and the tooltip write an effect (fmt.signed: "+0.012", "−0.15"): two significant digits,
 * so that eight ticks fit under the swatches and the tiny edges of a diff's change map do not all read "0.000".
 */
export function tick(value: number): string {
  const digits = value === 0 ? 0 : Math.min(7, Math.max(2, Math.ceil(-Math.log10(Math.abs(value))) + 1));
  return fmt.signed(value, digits);
}
