/**
 * The shape of a probe file as people write it (optional fields, shorthand templates). `schemas/probe.schema.json`
 * is generated from this (`probeJsonSchema()`; test/probe/schema.test.ts checks the file is current).
 * Everything that needs more than the shape (slots used by templates, lexicons, the cap) is in validate.ts.
 */
import { z } from 'zod';
import { DEFAULT_MAX_ITEMS, DEFAULT_SAMPLE_SEED } from './types.js';

const ID = /^[a-z0-9_-]+$/;
const TEMPLATE_ID = /^[A-Za-z0-9_.-]+$/;
const SLOT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** "country" or "name.ethnicity". */
const ATTRIBUTE_REF = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const entry = z.union([
  z.string().min(1, { error: 'must not be empty' }),
  z.looseObject({ name: z.string().min(1, { error: 'must not be empty' }) }).meta({
    description: 'An entry with attributes: {name, <attribute>: string | number | boolean | null, ...}',
  }),
]);

const attributeRef = z
  .string()
  .regex(ATTRIBUTE_REF, { error: 'must be a slot name or slot.attribute (e.g. "country", "name.ethnicity")' });

export const slotSchema = z
  .union([
    z.strictObject({
      lexicon: z.string().min(1, { error: 'must not be empty' }).meta({
        description: 'A built-in lexicon name (datasets/lexicons/<name>.json), or a .json/.csv path relative to the probe file',
      }),
      where: z
        .record(z.string(), z.union([scalar, z.array(scalar).min(1, { error: 'must not be empty' })]))
        .optional()
        .meta({ description: 'Keep entries whose attribute equals the value (or any of the listed values)' }),
    }),
    z.strictObject({
      values: z.array(entry).min(1, { error: 'must not be empty' }).meta({ description: 'An inline list of entries' }),
    }),
  ])
  .meta({ description: 'Where a slot takes its values from: {lexicon, where?} or {values}' });

export const templateSchema = z
  .union([
    z.string().min(1, { error: 'must not be empty' }),
    z.strictObject({
      id: z.string().regex(TEMPLATE_ID, { error: 'must use only letters, digits, "_", "-" and "."' }).optional(),
      text: z.string().min(1, { error: 'must not be empty' }),
      frame: z.enum(['neutral', 'positive', 'negative']).optional().meta({ description: 'Default: neutral' }),
      paraphrase_of: z.string().optional().meta({ description: 'The id of the template this one rephrases' }),
    }),
  ])
  .meta({ description: 'A template string, or {id?, text, frame?, paraphrase_of?}' });

export const probeFileSchema = z
  .strictObject({
    id: z.string().regex(ID, { error: 'must use only a-z, 0-9, "_" and "-"' }),
    title: z.string().optional().meta({ description: 'Default: the id' }),
    description: z.string().optional(),
    attribute: z
      .union([attributeRef, z.array(attributeRef).min(1, { error: 'must not be empty' })])
      .optional()
      .meta({
        description:
          'What the compared groups are: a slot ("country": its values), a slot attribute ("name.ethnicity": ' +
          'entries grouped by it), or a list of these (each template uses exactly one of the listed slots). ' +
          'Give either attribute or attributes',
      }),
    attributes: z
      .array(attributeRef)
      .min(2, { error: 'crosses two attributes: list two (e.g. [name.ethnicity, name.gender])' })
      .max(2, { error: 'crosses two attributes at most (a cross of more than two has too few sentences per cell)' })
      .optional()
      .meta({
        description:
          'Two attributes crossed (issue #26), of one slot ([name.ethnicity, name.gender]) or of two ([country, name.gender]): ' +
          'the factorial analysis (cells, main effects, interactions); the first one also gives the groups of the ordinary analysis',
      }),
    expectation: z
      .discriminatedUnion('type', [
        z.strictObject({ type: z.literal('invariant') }),
        z.strictObject({ type: z.literal('directional'), direction: z.enum(['up', 'down']) }),
      ])
      .optional()
      .meta({ description: 'Default: {type: invariant}' }),
    templates: z.array(templateSchema).min(1, { error: 'must not be empty' }),
    slots: z
      .record(z.string().regex(SLOT_NAME, { error: 'slot names use letters, digits and "_" and start with a letter' }), slotSchema)
      .refine((slots) => Object.keys(slots).length > 0, { error: 'must declare at least one slot' }),
    control: slotSchema
      .nullable()
      .optional()
      .meta({ description: 'Made-up words substituted for the attribute slot (the null baseline)' }),
    sampling: z
      .discriminatedUnion('mode', [
        z.strictObject({ mode: z.literal('product'), max: z.int().positive().optional() }),
        z.strictObject({
          mode: z.literal('sample'),
          n: z.int().positive().meta({ description: 'Sentences per template (matched sets: every group in every sampled context)' }),
          seed: z.int().optional().meta({ description: `Default: ${DEFAULT_SAMPLE_SEED}` }),
          max: z.int().positive().optional(),
        }),
      ])
      .optional()
      .meta({ description: `Default: {mode: product, max: ${DEFAULT_MAX_ITEMS}}; expanding to more than max sentences is an error` }),
  })
  .meta({ title: 'bias-audit probe file', description: 'Template probes: sentences with slots filled from lexicons.' });

export type ProbeFile = z.infer<typeof probeFileSchema>;
export type TemplateFile = z.infer<typeof templateSchema>;
export type SlotFile = z.infer<typeof slotSchema>;

/** Field names per object kind, for "unknown field" hints. */
export const KNOWN_FIELDS: Record<string, string[]> = {
  probe: ['id', 'title', 'description', 'attribute', 'attributes', 'expectation', 'templates', 'slots', 'control', 'sampling'],
  template: ['id', 'text', 'frame', 'paraphrase_of'],
  slot: ['lexicon', 'where', 'values'],
  expectation: ['type', 'direction'],
  sampling: ['mode', 'n', 'seed', 'max'],
};

/** JSON Schema (draft 2020-12) of the probe file, as written to schemas/probe.schema.json. */
export function probeJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(probeFileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
