/**
 * Checkpoints: <out>/checkpoint/step-<n>.safetensors (F32 weights in trainer layout + AdamW moments) and
 * <out>/checkpoint/state.json (step, epoch position, PRNG state, recipe, and which weights file is current).
 * Both are written atomically and state.json last, so it is the commit point: a kill at any moment leaves
 * a state.json that names a complete weights file. Older weights files are removed after the commit.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { RngState } from './prng.js';
import type { Recipe } from './recipe.js';
import { decodeSafetensors, encodeSafetensors, type NamedArrays } from './safetensors.js';

export const CHECKPOINT_DIR = 'checkpoint';
const STATE_FILE = 'state.json';

export interface CheckpointState {
  version: 1;
  recipe: Recipe;
  /** Optimizer updates done so far (global). */
  step: number;
  /** Position of the next batch: epoch (0-based) and batch index within it. */
  epoch: number;
  batchInEpoch: number;
  /** The dropout PRNG's state after `step` updates. */
  rng: RngState;
  /** Training seconds so far (wall clock, summed over resumed runs). */
  seconds: number;
  /** Per-epoch dev accuracy measured so far. */
  evals: { epoch: number; step: number; accuracy: number }[];
  weightsFile: string;
}

export function checkpointDir(outDir: string): string {
  return join(outDir, CHECKPOINT_DIR);
}

export function writeCheckpoint(outDir: string, state: Omit<CheckpointState, 'weightsFile' | 'version'>, arrays: NamedArrays): string {
  const dir = checkpointDir(outDir);
  mkdirSync(dir, { recursive: true });
  const weightsFile = `step-${state.step}.safetensors`;
  writeFileAtomic(join(dir, weightsFile), encodeSafetensors(arrays, 'F32', { format: 'bias-audit-trainer' }));
  const full: CheckpointState = { version: 1, ...state, weightsFile };
  writeFileAtomic(join(dir, STATE_FILE), `${JSON.stringify(full, null, 2)}\n`);
  for (const f of readdirSync(dir)) {
    if (f !== weightsFile && f !== STATE_FILE && (f.endsWith('.safetensors') || f.includes('.tmp-'))) rmSync(join(dir, f), { force: true });
  }
  return join(dir, weightsFile);
}

export function hasCheckpoint(outDir: string): boolean {
  return existsSync(join(checkpointDir(outDir), STATE_FILE));
}

/** state.json only (cheap): the recipe and position of the saved run. */
export function readCheckpointState(outDir: string): CheckpointState {
  const stateFile = join(checkpointDir(outDir), STATE_FILE);
  if (!existsSync(stateFile)) throw inputError('E_CHECKPOINT', `${stateFile}: no checkpoint to resume from`);
  let state: CheckpointState;
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as CheckpointState;
  } catch {
    throw inputError('E_CHECKPOINT', `${stateFile}: not valid JSON`);
  }
  if (state.version !== 1) throw inputError('E_CHECKPOINT', `${stateFile}: unsupported checkpoint version ${String(state.version)}`);
  return state;
}

export function readCheckpoint(outDir: string): { state: CheckpointState; arrays: NamedArrays } {
  const state = readCheckpointState(outDir);
  const weights = join(checkpointDir(outDir), state.weightsFile);
  if (!existsSync(weights)) throw inputError('E_CHECKPOINT', `${weights}: named by state.json but missing`);
  return { state, arrays: decodeSafetensors(readFileSync(weights), weights) };
}
