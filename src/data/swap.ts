/**
 * Counterfactual texts: in a text, every mention of one group of an axis is replaced by a term of another group
 * in the same form, with one seeded choice of term per target group (`--swap-samples K` draws K). The same
 * source term gets the same replacement within one counterfactual, so "Jamal ... Jamal's" stays one person.
 * Axes with more groups than `--swap-groups` use a seeded sample of target groups for the whole run.
 */
import type { Rng } from '../stats/index.js';
import type { Axis, AxisName } from './axes.js';
import type { Counterfactual, Mention } from './types.js';

export interface SwapSettings {
  /** Counterfactuals per (mention group, target group). */
  samples: number;
  /** Cap on target groups per axis. */
  groups: number;
}

/** Target groups per axis: all groups, or a seeded sample of `cap` of them (Fisher-Yates prefix). */
export function targetGroups(axes: Axis[], cap: number, rng: Rng): Map<AxisName, string[]> {
  const out = new Map<AxisName, string[]>();
  for (const axis of axes) {
    const groups = [...axis.groups];
    if (groups.length > cap) {
      for (let i = 0; i < cap; i++) {
        const j = i + rng.int(groups.length - i);
        [groups[i], groups[j]] = [groups[j], groups[i]];
      }
      groups.length = cap;
      groups.sort();
    }
    out.set(axis.name, groups);
  }
  return out;
}

/**
 * The replacement spelled in the case of what it replaces: "She" -> "He", "SHE" -> "HE", lower-case corpora stay
 * lower. A capital the original term has of itself ("France") is not passed on: "in France" -> "in the Netherlands".
 */
export function matchCase(surface: string, replacement: string, lowerCaseText: boolean, term = surface.toLowerCase()): string {
  if (surface.length > 1 && surface === surface.toUpperCase() && surface !== surface.toLowerCase()) return replacement.toUpperCase();
  if (lowerCaseText) return replacement.toLowerCase();
  if (/^\p{Lu}/u.test(surface) && !/^\p{Lu}/u.test(term)) return replacement.charAt(0).toUpperCase() + replacement.slice(1);
  return replacement;
}

/** At the text's start, or after [.!?] and whitespace (as /(^|[.!?]\s+)$/ on the text before `pos`, without its copy). */
function startsSentence(text: string, pos: number): boolean {
  if (pos === 0) return true;
  let i = pos - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return i < pos - 1 && i >= 0 && '.!?'.includes(text[i]);
}

export function counterfactualsOf(
  text: string,
  source: number,
  mentions: Mention[],
  axes: Map<AxisName, Axis>,
  targets: Map<AxisName, string[]>,
  settings: SwapSettings,
  rng: Rng,
): Counterfactual[] {
  const out: Counterfactual[] = [];
  const lowerCaseText = text === text.toLowerCase();
  const byAxisGroup = new Map<string, Mention[]>();
  for (const m of mentions) {
    const key = `${m.axis}\u0000${m.group}`;
    const list = byAxisGroup.get(key);
    if (list) list.push(m);
    else byAxisGroup.set(key, [m]);
  }
  for (const [key, spans] of byAxisGroup) {
    const [axisName, from] = key.split('\u0000') as [AxisName, string];
    const axis = axes.get(axisName);
    const to = targets.get(axisName);
    if (!axis || !to) continue;
    for (const target of to) {
      if (target === from) continue;
      const forms = axis.replacements.get(target);
      if (!forms) continue;
      const seen = new Set<string>();
      for (let k = 0; k < settings.samples; k++) {
        const chosen = new Map<string, string>();
        let complete = true;
        for (const m of spans) {
          const key2 = `${m.term}\u0000${m.role}`;
          if (chosen.has(key2)) continue;
          const options = forms.get(m.role);
          if (!options?.length) {
            complete = false;
            break;
          }
          chosen.set(key2, options[rng.int(options.length)].text);
        }
        if (!complete) break;
        // Pieces joined once, in text order: linear in the text however many mentions it has.
        const parts: string[] = [];
        const replaced: string[] = [];
        let at = 0;
        for (const m of [...spans].sort((a, b) => a.start - b.start)) {
          if (m.start < at) continue; // the same span twice: replaced once
          let r = matchCase(m.surface, chosen.get(`${m.term}\u0000${m.role}`)!, lowerCaseText, m.term);
          if (!lowerCaseText && startsSentence(text, m.start)) r = r.charAt(0).toUpperCase() + r.slice(1);
          replaced.push(r);
          parts.push(text.slice(at, m.start), r);
          at = m.end;
        }
        parts.push(text.slice(at));
        const next = parts.join('');
        if (next === text || seen.has(next)) continue;
        seen.add(next);
        out.push({
          source, axis: axisName, from, to: target, text: next,
          original_term: spans.map((m) => m.surface).join(' / '), replacement: replaced.join(' / '),
          unsure: spans.some((m) => m.unsure === true),
        });
      }
    }
  }
  return out;
}
