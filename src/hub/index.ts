/** Model download from the Hugging Face hub. Re-exports only. */
export { pullModel, REQUIRED_FILES, type PullEvent, type PullOptions } from './pull.js';
