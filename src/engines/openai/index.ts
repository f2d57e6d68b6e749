/** The OpenAI-compatible LLM engine's public API: re-exports only. */
export { chatBody, OpenAIClassifier, openaiFingerprint, PROBE_TEXT } from './classifier.js';
export type { Decoding, OpenAIOptions } from './classifier.js';
export {
  COMPLETION_DECODING, completionPrompt, completionScores, joinVerbalizer, PLAIN_TEMPLATE, readCompletionLogprobs, verbalizerLogprob,
} from './completions.js';
export type { CompletionDecoding, EchoedTokens } from './completions.js';
export { labelScores, partialVerbalizers, readChatLogprobs } from './logprobs.js';
export { answerLabel, collectAnswers, countAnswers, MAX_SAMPLE_ANSWERS, readChatAnswers, sampledBody, sampledDecoding,
  sampledPrediction } from './sampled.js';
export type { AnswerCounts, SampledDecoding } from './sampled.js';
export type { LabelScores, TokenLogprob } from './logprobs.js';
export { chooseEndpoint, fillSlot, loadPromptFile, parsePromptFile, promptId, TEXT_SLOT } from './prompt.js';
export type { EndpointName, Prompt, PromptFile } from './prompt.js';
