/**
 * Names from probes and datasets shown in charts: wrapped in FIRST STRONG ISOLATE (U+2068) ... POP DIRECTIONAL
 * ISOLATE (U+2069), so bidi controls or right-to-left text inside a name cannot reorder the text around it.
 * Tables use <bdi> for the same purpose; SVG text has no such element.
 */
export function isolate(name: string): string {
  return `\u2068${name}\u2069`;
}
