import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoEqualEarth, geoGraticule10, geoPath, type GeoProjection } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, Geometry } from 'geojson';

/**
 * The world map's geometry, projected once per process: it does not depend on the result, so every report
 * reuses it. Shapes come from world-atlas `countries-50m.json` (Natural Earth 1:50m): the 1:110m file lacks
 * 29 small UN members. Coordinates are rounded to 0.1 px and written as relative moves, which keeps the
 * inline SVG around a third of the TopoJSON's size.
 */

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 470;

export interface CountryShape {
  /** ISO 3166 numeric code (3-digit string), or a user-assigned alpha-3 for shapes with no numeric code. */
  id: string;
  name: string;
  /** SVG path data in map pixels. */
  d: string;
  /** Projected area in px²; tiny states are drawn as circles so that they can be seen and hovered. */
  area: number;
  centroid: [number, number];
}

export interface WorldGeometry {
  sphere: string;
  graticule: string;
  shapes: Map<string, CountryShape>;
  /** Projects lon/lat to map pixels (for states that have no shape at this scale). */
  project(lonLat: [number, number]): [number, number] | null;
  /** Where a state lies, from world-countries' `latlng`, keyed by numeric code and by alpha-3. */
  locate(code: string): [number, number] | null;
}

/**
 * Natural Earth shapes with no ISO numeric code, matched by alpha-3 instead. Kosovo has no ISO 3166 code;
 * XK/XKX is the common user-assigned one (world-countries spells it UNK, i18n-iso-countries XKK).
 */
const UNCODED_SHAPES: Record<string, string> = { Kosovo: 'XKX' };
export const ALPHA3_ALIASES: Record<string, string> = { UNK: 'XKX', XKK: 'XKX' }; // XKK: i18n-iso-countries' spelling (our lexicon)

const require = createRequire(import.meta.url);
let cached: WorldGeometry | null = null;

export function worldGeometry(): WorldGeometry {
  cached ??= buildWorld();
  return cached;
}

function buildWorld(): WorldGeometry {
  const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology;
  const collection = feature(topology, topology.objects.countries as GeometryCollection<{ name: string }>);
  // No adaptive resampling: the 1:50m vertices are already dense, and resampling doubles the time.
  const projection = geoEqualEarth().precision(0).fitExtent([[4, 4], [MAP_WIDTH - 4, MAP_HEIGHT - 4]], { type: 'Sphere' });
  const resampling = geoEqualEarth().fitExtent([[4, 4], [MAP_WIDTH - 4, MAP_HEIGHT - 4]], { type: 'Sphere' });
  const shapes = new Map<string, CountryShape>();
  for (const f of collection.features as Feature<Geometry, { name: string }>[]) {
    const id = f.id === undefined ? UNCODED_SHAPES[f.properties.name] : String(f.id);
    if (!id) continue; // disputed areas without a state of their own (e.g. Siachen Glacier)
    const shape = projectShape(projection, f, id);
    const previous = shapes.get(id);
    // Australia's 036 appears twice (mainland and Ashmore and Cartier Islands): keep both outlines.
    shapes.set(id, previous ? { ...previous, d: previous.d + shape.d, area: previous.area + shape.area } : shape);
  }
  const locations = stateLocations();
  return {
    // The outline and graticule have few vertices: they need the resampling the countries skip.
    sphere: pathData(resampling, { type: 'Sphere' }),
    graticule: pathData(resampling, geoGraticule10()),
    shapes,
    project: (lonLat) => {
      const p = projection(lonLat);
      return p ? [round1(p[0]), round1(p[1])] : null;
    },
    locate: (code) => locations.get(code) ?? null,
  };
}

function projectShape(projection: GeoProjection, f: Feature<Geometry, { name: string }>, id: string): CountryShape {
  const path = geoPath(projection);
  const [cx, cy] = path.centroid(f);
  return { id, name: f.properties.name, d: pathData(projection, f), area: path.area(f), centroid: [round1(cx), round1(cy)] };
}

/**
 * geoPath into a context that rounds to 0.1 px, writes relative line-tos, drops vertices that round away
 * (radial simplification) and drops rings smaller than MIN_RING_AREA (islets invisible at this scale).
 */
function pathData(projection: GeoProjection, object: Parameters<ReturnType<typeof geoPath>>[0]): string {
  const out: string[] = [];
  let ring: string[] = [];
  let x0 = 0;
  let y0 = 0;
  let xStart = 0;
  let yStart = 0;
  let twiceArea = 0; // shoelace sum, in tenths of a pixel squared
  const context = {
    moveTo(x: number, y: number) {
      flush(false);
      x0 = tenth(x);
      y0 = tenth(y);
      xStart = x0;
      yStart = y0;
      ring = [`M${x0 / 10},${y0 / 10}`];
      twiceArea = 0;
    },
    lineTo(x: number, y: number) {
      const x1 = tenth(x);
      const y1 = tenth(y);
      if (Math.abs(x1 - x0) + Math.abs(y1 - y0) < MIN_STEP) return;
      ring.push(`l${(x1 - x0) / 10},${(y1 - y0) / 10}`);
      twiceArea += x0 * y1 - x1 * y0;
      x0 = x1;
      y0 = y1;
    },
    closePath() {
      flush(true);
    },
    arc() {},
    beginPath() {},
  };
  // Lines (the graticule) are never closed: they are always kept.
  function flush(closed: boolean) {
    if (ring.length === 0) return;
    if (!closed) out.push(...ring);
    else if (Math.abs(twiceArea + x0 * yStart - xStart * y0) / 200 >= MIN_RING_AREA) out.push(...ring, 'z');
    ring = [];
  }
  geoPath(projection, context as unknown as CanvasRenderingContext2D)(object);
  flush(false);
  // "l-1.5,0.3" needs no separator before a minus sign; the shorter string is worth the regex.
  return out.join('').replace(/,-/g, '-');
}

function stateLocations(): Map<string, [number, number]> {
  const countries = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')) as {
    ccn3: string; cca3: string; latlng: [number, number];
  }[];
  const out = new Map<string, [number, number]>();
  for (const c of countries) {
    const lonLat: [number, number] = [c.latlng[1], c.latlng[0]];
    if (c.ccn3) out.set(c.ccn3, lonLat);
    out.set(ALPHA3_ALIASES[c.cca3] ?? c.cca3, lonLat);
  }
  return out;
}

/** In tenths of a pixel (Manhattan distance). */
const MIN_STEP = 10;
/** px². */
const MIN_RING_AREA = 0.5;
const tenth = (v: number) => Math.round(v * 10);
const round1 = (v: number) => Math.round(v * 10) / 10;
