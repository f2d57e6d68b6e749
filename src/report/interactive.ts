import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compile, type TopLevelSpec } from 'vega-lite';
import { jsonForScript } from './sanitize.js';

/**
 * The opt-in interactive view (`--interactive`): the Vega runtime, its CSP-safe expression interpreter and, per
 * chart, its compiled Vega spec, all inlined so the report still makes no request. templates/report.js swaps a
 * chart's static SVG for a live `vega.View` when its "Interactive view" button is clicked.
 */

/**
 * A chart's Vega spec as JSON safe inside <script type="application/json">. Each mark's `description`
 * (the static SVG's aria-label) is also made its `tooltip`, because Vega only calls a tooltip handler for
 * items that have one. `$schema` is dropped: it is a URL nothing needs.
 */
export function interactiveSpecJson(spec: TopLevelSpec): string {
  const { $schema: _schema, ...vegaSpec } = compile(withTooltips(spec)).spec;
  return jsonForScript(vegaSpec);
}

/** A copy of a Vega-Lite spec where every encoding with a `description` and no `tooltip` shows it as tooltip. */
export function withTooltips<T>(spec: T): T {
  if (Array.isArray(spec)) return spec.map((s: unknown) => withTooltips(s)) as T;
  if (spec === null || typeof spec !== 'object') return spec;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec as Record<string, unknown>)) {
    // Inline data is data, not spec: never rewrite it.
    out[key] = key === 'data' ? value : withTooltips(value);
  }
  const encoding = out.encoding as Record<string, unknown> | undefined;
  if (encoding && typeof encoding === 'object' && encoding.description !== undefined && encoding.tooltip === undefined) {
    out.encoding = { ...encoding, tooltip: encoding.description };
  }
  return out as T;
}

let runtime: string | null = null;
let interpreter: string | null = null;

/** vega.min.js from node_modules, read once, checked to be safe as the body of an inline <script>. */
export function vegaRuntime(): string {
  if (runtime !== null) return runtime;
  // vega's package "exports" do not list build/vega.min.js, but list the schema that sits beside it.
  const file = join(dirname(createRequire(import.meta.url).resolve('vega/vega-schema.json')), 'vega.min.js');
  runtime = scriptBody(readFileSync(file, 'utf8'), file);
  return runtime;
}

/**
 * vega-interpreter (Vega's CSP-safe expression evaluator) as a classic script that sets `window.vegaInterpreter`.
 * With it the live views need no 'unsafe-eval'. Written by hand because the package ships only an ES module that
 * imports vega-util, and the report is one offline file of inline classic scripts with no bundler among our
 * dependencies: its one import line is bound to the same functions of the inlined Vega runtime (`window.vega`
 * re-exports vega-util), its one export line becomes the global. Any other shape (after an upgrade) is refused.
 */
export function vegaInterpreterScript(): string {
  if (interpreter !== null) return interpreter;
  const file = createRequire(import.meta.url).resolve('vega-interpreter');
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => !l.startsWith('//# sourceMappingURL='));
  const imports = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*import\b/.test(l));
  const exports = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*export\b/.test(l));
  const imported = imports.length === 1 ? /^import \{ ([\w$]+(?:, [\w$]+)*) \} from 'vega-util';$/.exec(imports[0][0]) : null;
  const exported = exports.length === 1 ? /^export \{ ([\w$]+) as expressionInterpreter \};$/.exec(exports[0][0]) : null;
  if (!imported || !exported) {
    throw new Error(`${file}: expected one "import { ... } from 'vega-util'" and one "export { x as expressionInterpreter }" line; the ` +
      `inlining in src/report/interactive.ts needs updating`);
  }
  lines[imports[0][1]] = `const { ${imported[1]} } = window.vega;`;
  lines[exports[0][1]] = `window.vegaInterpreter = { expressionInterpreter: ${exported[1]} };`;
  interpreter = scriptBody(`(function () {\n${lines.join('\n')}\n})();`, file);
  return interpreter;
}

/**
 * Code as the text of an inline <script>: "</script" would end the element early, so it is written
 * "<\/script" (the same string in JS strings, regexes and comments, the only places it can occur). "<!--"
 * switches the HTML parser's script states; it is not rewritten but refused, since that needs a look.
 */
export function scriptBody(code: string, source: string): string {
  if (code.includes('<!--')) throw new Error(`${source}: contains "<!--", which cannot be inlined in <script> as is`);
  return code.replace(/<\/(script)/gi, '<\\/$1');
}
