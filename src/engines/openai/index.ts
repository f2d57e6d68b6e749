/** The OpenAI-compatible LLM engine's public API: re-exports only. */
export { chatBody, OpenAIClassifier, openaiFingerprint, PROBE_TEXT } from './classifier.js';
export type { Decoding, OpenAIOptions } from './classifier.js';
export { labelScores, readChatLogprobs } from './logprobs.js';
export { answerLabel, collectAnswers, countAnswers, MAX_SAMPLE_ANSWERS, readChatAnswers, sampledBody, sampledDecoding,
  sampledPrediction } from './sampled.js';
export type { AnswerCounts, SampledDecoding } from './sampled.js';
export type { LabelScores, TokenLogprob } from './logprobs.js';
export { fillSlot, loadPromptFile, parsePromptFile, promptId, TEXT_SLOT } from './prompt.js';
export type { Prompt, PromptFile } from './prompt.js';
