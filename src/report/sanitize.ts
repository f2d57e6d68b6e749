/**
 * Escaping for the two places where the report writes markup itself instead of through Handlebars:
 * JSON inside <script> and text inside hand-built SVG. Everything else goes through `{{ }}`.
 */

/**
 * JSON that is safe inside <script type="application/json">: "<" cannot open "</script>" or "<!--",
 * and U+2028/U+2029 (legal in JSON, line breaks in older JS parsers) are escaped too.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values in SVG/HTML built by hand. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}
