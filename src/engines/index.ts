/** The engines' public API: the factory that picks and loads one (re-exports only). */
export { createClassifier } from './create.js';
export type { ClassifierOptions, CreatedClassifier, LoadedModel } from './create.js';
export { chooseEngine, ENGINE_CHOICES } from './choose.js';
export type { EngineChoice, EngineDecision, EngineName, EngineProbes } from './choose.js';
export type { QueueOptions } from './queue.js';
