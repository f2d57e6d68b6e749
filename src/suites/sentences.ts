/**
 * Dataset items -> the sentences a classifier scores, each tagged with its suite, item id and role; and
 * sentence + prediction -> result record. Pure: the loaders in src/datasets/ do the reading.
 */
import type { CrowsPair, StereoSetItem, WinoBiasPair, WinoGenderSentence } from '../datasets/index.js';
import { inputError } from '../errors.js';
import type { ResultRecord } from '../result/index.js';
import type { Prediction } from '../types.js';
import type { SuiteName, SuiteSentence } from './types.js';

/** Records that do not match the dataset they are summarised against (e.g. a result.json from another version). */
export const SUITE_RECORDS_ERROR = 'E_SUITE_RECORDS';

/** Two sentences per pair: the pro-stereotyped line and its anti-stereotyped counterpart. */
export function winoBiasSentences(pairs: WinoBiasPair[]): SuiteSentence[] {
  return pairs.flatMap((p) => [
    { suite: 'winobias' as const, item: p.id, role: 'pro', text: p.pro },
    { suite: 'winobias' as const, item: p.id, role: 'anti', text: p.anti },
  ]);
}

/** Three sentences per item; intersentence options are scored after their context (see stereoSetText). */
export function stereoSetSentences(items: StereoSetItem[]): SuiteSentence[] {
  return items.flatMap((it) => [
    { suite: 'stereoset' as const, item: it.id, role: 'stereotype', text: it.texts.stereotype },
    { suite: 'stereoset' as const, item: it.id, role: 'anti-stereotype', text: it.texts['anti-stereotype'] },
    { suite: 'stereoset' as const, item: it.id, role: 'unrelated', text: it.texts.unrelated },
  ]);
}

/** Two sentences per pair: the more- and the less-stereotyping one, as the dataset labels them. */
export function crowsPairsSentences(pairs: CrowsPair[]): SuiteSentence[] {
  return pairs.flatMap((p) => [
    { suite: 'crows-pairs' as const, item: String(p.id), role: 'more', text: p.sentMore },
    { suite: 'crows-pairs' as const, item: String(p.id), role: 'less', text: p.sentLess },
  ]);
}

/** The WinoGender item of a sentence: its sentid without the pronoun gender (`nurse.patient.0`). */
export function winoGenderItem(s: WinoGenderSentence): string {
  return `${s.occupation}.${s.participant}.${s.answer}`;
}

export function winoGenderSentences(sentences: WinoGenderSentence[]): SuiteSentence[] {
  return sentences.map((s) => ({ suite: 'winogender' as const, item: winoGenderItem(s), role: s.gender, text: s.sentence }));
}

/** A scored suite sentence as a result record: template = suite, template_id = item, group = role. */
export function toSuiteRecord(s: SuiteSentence, p: Prediction): ResultRecord {
  return {
    text: s.text,
    template: s.suite,
    template_id: s.item,
    frame: 'neutral',
    paraphrase_of: null,
    slots: {},
    control: false,
    group: s.role,
    filler: '',
    probs: p.probs,
    score: p.score,
    label: p.label,
    suite: s.suite,
    item: s.item,
    role: s.role,
    ...(p.offLabel !== undefined ? { off_label: p.offLabel } : {}),
  };
}

/**
 * item id -> role -> score for one suite's records. A record repeated for the same item and role (the same
 * sentence listed twice) would silently overwrite, so it is an error.
 */
export function scoresByItem(records: ResultRecord[], suite: SuiteName): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of records) {
    if (r.suite !== suite || r.item === undefined || r.role === undefined) continue;
    let roles = out.get(r.item);
    if (!roles) out.set(r.item, (roles = new Map()));
    if (roles.has(r.role)) throw inputError(SUITE_RECORDS_ERROR, `${suite}: two records for item ${r.item}, role ${r.role}`);
    roles.set(r.role, r.score);
  }
  return out;
}

/** The score of `role` in `item`, or an error naming what is missing (records and dataset out of step). */
export function scoreOf(byItem: Map<string, Map<string, number>>, suite: SuiteName, item: string, role: string): number {
  const v = byItem.get(item)?.get(role);
  if (v === undefined) throw inputError(SUITE_RECORDS_ERROR, `${suite}: no record for item ${item}, role ${role} (records and dataset do ` +
    `not match)`);
  return v;
}
