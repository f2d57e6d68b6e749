import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { planJsonSchema, reviewJsonSchema } from '../../src/evidence/index.js';

const FILES = { review: join(PACKAGE_ROOT, 'schemas', 'review.schema.json'), plan: join(PACKAGE_ROOT, 'schemas', 'plan.schema.json') };

describe('schemas/review.schema.json and schemas/plan.schema.json', () => {
  // After changing src/evidence/review-schema.ts or plan-schema.ts, regenerate with:
  //   UPDATE_EVIDENCE_SCHEMAS=1 npm test -- test/evidence/schema
  if (process.env.UPDATE_EVIDENCE_SCHEMAS === '1') {
    writeFileSync(FILES.review, `${JSON.stringify(reviewJsonSchema(), null, 2)}\n`);
    writeFileSync(FILES.plan, `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
  }

  it('are current: equal to the schemas generated from the zod schemas', () => {
    expect(readFileSync(FILES.review, 'utf8')).toBe(`${JSON.stringify(reviewJsonSchema(), null, 2)}\n`);
    expect(readFileSync(FILES.plan, 'utf8')).toBe(`${JSON.stringify(planJsonSchema(), null, 2)}\n`);
  });

  it('are draft 2020-12 and closed to unknown fields', () => {
    const review = JSON.parse(readFileSync(FILES.review, 'utf8'));
    expect(review.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(review.additionalProperties).toBe(false);
    expect(review.required).toEqual(['review_version', 'tool', 'filing', 'plan', 'runs', 'summary', 'limitations', 'requirements']);
    const plan = JSON.parse(readFileSync(FILES.plan, 'utf8'));
    expect(plan.required).toEqual(['version', 'system', 'deployment', 'attributes', 'model', 'runs', 'policy', 'seed', 'resamples', 'data_handling']);
  });
});
