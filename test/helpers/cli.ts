import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';

const MAIN = join(PACKAGE_ROOT, 'dist', 'cli', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** CLI tests run the built binary, as a user would; rebuild dist/ when src/ is newer. */
export function ensureBuilt(): void {
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= newestMtime(join(PACKAGE_ROOT, 'src'))) return;
  try {
    execFileSync(join(PACKAGE_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: PACKAGE_ROOT, stdio: 'pipe' });
  } catch (e) {
    // A type error fails the CLI tests with tsc's own message rather than testing JavaScript emitted despite it.
    const out = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`tsc -p tsconfig.build.json failed (${out.message.split('\n')[0]}):\n${String(out.stdout ?? '')}${String(out.stderr ?? '')}`, { cause: e });
  }
  chmodSync(MAIN, 0o755); // as `npm run build` does
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface AuditOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  nodeArgs?: string[];
  input?: string;
}

export function audit(args: string[], options: AuditOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), '--no-warnings', MAIN, ...args], {
    cwd: options.cwd ?? PACKAGE_ROOT,
    env: { ...process.env, CI: '1', ...options.env },
    encoding: 'utf8',
    input: options.input,
    timeout: 300_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
