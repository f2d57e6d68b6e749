/**
 * Checks on a parsed result.json before the schema sees it, for files that were tampered with or corrupted: no
 * object key `__proto__` (JSON.parse keeps it as an own key, which a later spread or assignment turns into a
 * prototype), and no nesting deeper than any result this tool writes (the schema's recursive checks would overflow
 * the stack first). Iterative, so the check itself cannot overflow.
 */
export const MAX_DEPTH = 64;

export interface ShapeProblem {
  /** Dot path of the offending field, e.g. "suites.winobias.metrics.__proto__". */
  path: string;
  message: string;
}

export function jsonShapeProblem(value: unknown, maxDepth = MAX_DEPTH): ShapeProblem | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= maxDepth) {
      return { path: shown(path), message: `nested more than ${maxDepth} levels deep; no result.json this tool writes is` };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (key === '__proto__') return { path: shown([...path, key]), message: 'a key named "__proto__" is not allowed' };
      stack.push({ value: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}

function shown(path: (string | number)[]): string {
  if (path.length === 0) return '(root)';
  const full = path.join('.');
  return full.length > 200 ? `${path.slice(0, 6).join('.')}. ... .${path.slice(-3).join('.')} (depth ${path.length})` : full;
}
