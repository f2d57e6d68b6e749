/**
 * A parsed YAML document as plain data, with the expansion of aliases bounded: a "billion laughs" document (aliases
 * of aliases) would otherwise build an exponentially large value. yaml counts alias expansions against
 * `maxAliasCount` and throws a ReferenceError past it; that is bad input, reported as a message, not a crash.
 */
import type { Document } from 'yaml';

/** Alias expansions allowed per alias (yaml's own default); no probe or policy needs more than a handful. */
export const MAX_ALIAS_COUNT = 100;

export function documentData(doc: Document): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    if (e instanceof ReferenceError) {
      return { ok: false, message: `its aliases (*name) expand too far (more than ${MAX_ALIAS_COUNT} expansions per alias): refusing it ` +
        `as a resource exhaustion attempt` };
    }
    throw e;
  }
}

/** yaml's error text for the first line of a problem; its stack overflow on deep nesting gets a plain message. */
export function yamlErrorText(message: string): string {
  const text = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return /Maximum call stack size exceeded/.test(text) ?
    'nested too deeply (lists or mappings inside each other, hundreds of levels down)' : text;
}
