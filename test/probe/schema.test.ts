import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { probeJsonSchema } from '../../src/probe/schema.js';

const SCHEMA_FILE = join(PACKAGE_ROOT, 'schemas', 'probe.schema.json');

describe('schemas/probe.schema.json', () => {
  // After changing src/probe/schema.ts, regenerate with:
  //   UPDATE_PROBE_SCHEMA=1 npm test -- test/probe/schema
  if (process.env.UPDATE_PROBE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, `${JSON.stringify(probeJsonSchema(), null, 2)}\n`);

  it('is current: equal to the schema generated from the zod schema', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(`${JSON.stringify(probeJsonSchema(), null, 2)}\n`);
  });

  it('is draft 2020-12, closed to unknown fields and requires id, templates and slots (attribute or attributes: validate.ts)', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['id', 'templates', 'slots']);
    expect(schema.properties.id.pattern).toBe('^[a-z0-9_-]+$');
    expect(schema.properties.templates.items.anyOf.map((s: { type: string }) => s.type)).toEqual(['string', 'object']);
    expect(schema.properties.sampling.oneOf.map((s: { properties: { mode: { const: string } } }) => s.properties.mode.const)).toEqual(['product', 'sample']);
  });
});
