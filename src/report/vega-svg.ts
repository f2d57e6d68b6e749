import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Vega-Lite spec -> SVG string, synchronously. `view.toSVG()` is async only because it awaits dataflow
 * runs that may load data; with inline `values` the run completes inside `view.run()`, so the headless SVG
 * renderer can be driven directly and `renderReport` stays a pure synchronous function. A test pins this
 * to `await view.toSVG()`, so a Vega upgrade that changes the behaviour fails loudly.
 */
export function vegaLiteToSvg(spec: TopLevelSpec): string {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  view.run();
  const internal = view as unknown as ViewInternals;
  const pad = view.padding() as { left: number; right: number; top: number; bottom: number };
  const width = Math.max(0, internal._viewWidth + pad.left + pad.right);
  const height = Math.max(0, internal._viewHeight + pad.top + pad.bottom);
  const origin = internal._origin;
  const Renderer = (vega.renderModule as unknown as (name: string) => { headless: HeadlessCtor }) ('svg').headless;
  const renderer = new Renderer(view.loader());
  renderer.initialize(null, width, height, [pad.left + origin[0], pad.top + origin[1]]).background(view.background());
  renderer.render((view.scenegraph() as unknown as { root: unknown }).root);
  const svg = renderer.svg();
  view.finalize();
  return svg;
}

/** The same SVG through Vega's public async API (used by the test that pins `vegaLiteToSvg`). */
export async function vegaLiteToSvgAsync(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

interface ViewInternals {
  _viewWidth: number;
  _viewHeight: number;
  _origin: [number, number];
}

interface HeadlessRenderer {
  initialize(el: null, width: number, height: number, origin: number[]): HeadlessRenderer;
  background(colour: unknown): HeadlessRenderer;
  render(scene: unknown): HeadlessRenderer;
  svg(): string;
}
type HeadlessCtor = new (loader: unknown) => HeadlessRenderer;
