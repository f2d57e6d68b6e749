/**
 * Problems in an input file (probe, lexicon, policy), each printed as one line `<file>:<line>: <dot.path>: <problem>`.
 * Lines come from the YAML document (yaml's LineCounter), so a problem found on the parsed value can still point at
 * its source line.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type PathKey = string | number;

export interface Problem {
  path: PathKey[];
  message: string;
  /** Point at the key rather than its value (for unknown fields). */
  atKey?: boolean;
  /** A line known without the document (YAML syntax errors). */
  line?: number;
  /** Printed instead of the dot path, e.g. "(yaml)" for syntax errors. */
  label?: string;
}

/** "templates.2.text"; the document itself is "(root)". */
export function formatPath(path: PathKey[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

/** Finds the line of a path in a parsed YAML document: the deepest node of the path that exists. */
export class SourceLines {
  constructor(
    private readonly doc: Document | null,
    private readonly lineCounter: LineCounter | null,
  ) {}

  lineOf(path: PathKey[], atKey = false): number {
    if (this.doc === null || this.lineCounter === null) return 1;
    let node: unknown = this.doc.contents;
    let line = this.startLine(node) ?? 1;
    for (let i = 0; i < path.length; i++) {
      const key = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key));
        if (pair === undefined) break;
        const last = i === path.length - 1;
        node = last && atKey ? pair.key : (pair.value ?? pair.key);
        if (pair.value === null || (last && atKey)) {
          line = this.startLine(pair.key) ?? line;
          if (pair.value === null) break;
          continue;
        }
      } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
        node = node.items[key];
      } else {
        break;
      }
      line = this.startLine(node) ?? line;
    }
    return line;
  }

  private startLine(node: unknown): number | null {
    const range = (node as Node | null)?.range;
    return range && this.lineCounter ? this.lineCounter.linePos(range[0]).line : null;
  }
}

export function formatProblems(file: string, problems: Problem[], lines: SourceLines): string[] {
  const located = problems.map((p) => ({ p, line: p.line ?? lines.lineOf(p.path, p.atKey) }));
  // Sorted by line (stable), so the list reads top to bottom like the file.
  located.sort((a, b) => a.line - b.line);
  return located.map(({ p, line }) => `${file}:${line}: ${p.label ?? formatPath(p.path)}: ${p.message}`);
}

export function valueAt(raw: unknown, path: PathKey[]): unknown {
  let node = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key as string];
  }
  return node;
}

/** At most `max` problem lines, then "and N more": a long list keeps its cause (the error's first line) in view. */
export function firstProblems(lines: readonly string[], max = 20): string[] {
  return lines.length <= max ? [...lines] : [...lines.slice(0, max), `and ${(lines.length - max).toLocaleString('en-US')} more`];
}
