/**
 * RFC 8785 (JSON Canonicalization Scheme) for the JSON values a decision entry holds. Hand-written: `canonicalize`
 * (the RFC author's package) is not in the dependency tree, and the RFC defines the form through ECMAScript itself:
 * numbers as `Number.prototype.toString` (what JSON.stringify prints), strings with JSON.stringify's escapes
 * (ES2019 well-formed), and object members sorted by their names' UTF-16 code units (Array.prototype.sort's
 * default order). test/evidence/jcs.test.ts checks the RFC's own examples.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`JCS has no form for ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`JCS has no form for a ${typeof value}`);
}
