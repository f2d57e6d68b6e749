/**
 * A probe whose product is 1,000 x 1,000 x 250 x 4 = 1,000,000,000 sentences: `sampling.max` raised to `max` so that
 * the loader accepts it and what happens next (sampling by index, E_PROBE_TOO_LARGE) can be tested.
 */
export function hugeProbeYaml(max = 2_000_000_000): string {
  const values = (prefix: string, n: number) => `[${Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(', ')}]`;
  return `id: huge
attribute: country
sampling: { mode: product, max: ${max} }
templates: ["{a} and {b} met {c} in {country}."]
slots:
  a: { values: ${values('a', 1000)} }
  b: { values: ${values('b', 1000)} }
  c: { values: ${values('c', 250)} }
  country: { values: [France, Kenya, Peru, Chile] }
`;
}
