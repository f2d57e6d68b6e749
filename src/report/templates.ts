/**
 * The Handlebars kit every HTML page shares (the report, the diff page): one environment with every partial in
 * templates/partials/, the templates compiled once, and the assets (one stylesheet, the report's script) read once.
 */
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../config/paths.js';

let env: typeof Handlebars | null = null;
function environment(): typeof Handlebars {
  if (env) return env;
  env = Handlebars.create();
  const partialsDir = join(TEMPLATES_DIR, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    env.registerPartial(file.slice(0, -4), readFileSync(join(partialsDir, file), 'utf8'));
  }
  return env;
}

const compiled = new Map<string, Handlebars.TemplateDelegate>();
/** A template by its file in templates/ ("report.hbs") or inline source, compiled once. */
export function template(fileOrSource: string, options: { inline?: boolean; strict?: boolean } = {}): Handlebars.TemplateDelegate {
  const key = `${options.inline ? 'inline' : 'file'}:${options.strict ? 1 : 0}:${fileOrSource}`;
  let t = compiled.get(key);
  if (!t) {
    const source = options.inline ? fileOrSource : readFileSync(join(TEMPLATES_DIR, fileOrSource), 'utf8');
    t = environment().compile(source, { strict: options.strict });
    compiled.set(key, t);
  }
  return t;
}

const assets = new Map<string, string>();
/** A file in templates/ (report.css, report.js), read once. */
export function asset(name: string): string {
  let text = assets.get(name);
  if (text === undefined) {
    text = readFileSync(join(TEMPLATES_DIR, name), 'utf8');
    assets.set(name, text);
  }
  return text;
}

/** Markup built (and escaped at its source) in code: an SVG, inline CSS, a script. */
export const safe = (markup: string) => new Handlebars.SafeString(markup);
