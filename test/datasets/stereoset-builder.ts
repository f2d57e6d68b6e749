/**
 * Builds an original-format StereoSet `dev.json` from flat records, for the conversion and pull tests.
 * Sentence order is rotated per example so the conversion has to use gold_label, not position.
 */
import type { StereoSetFlatRecord } from '../../src/datasets/index.js';

const LABELS = ['stereotype', 'anti-stereotype', 'unrelated'] as const;

export function buildStereoSetDevJson(records: StereoSetFlatRecord[]): string {
  const example = (r: StereoSetFlatRecord, i: number) => {
    const sentences = LABELS.map((label, k) => ({
      sentence: r[label],
      id: `s${i}-${k}`,
      labels: [1, 2, 3, 4, 5].map((h) => ({ label, human_id: `h${h}` })),
      gold_label: label,
    }));
    const rotated = [...sentences.slice(i % 3), ...sentences.slice(0, i % 3)];
    return { id: `e${i}`, target: r.target, bias_type: r.bias_type, context: r.context, data_type: r.type, sentences: rotated };
  };
  return JSON.stringify({
    version: 'test',
    data: {
      intrasentence: records.filter((r) => r.type === 'intrasentence').map(example),
      intersentence: records.filter((r) => r.type === 'intersentence').map(example),
    },
  });
}
