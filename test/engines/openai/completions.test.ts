import { isAuditError } from '../../../src/errors.js';
import { failure } from './failure.js';
import {
  completionPrompt, completionScores, fillSlot, joinVerbalizer, OpenAIClassifier, parsePromptFile, verbalizerLogprob, type OpenAIOptions,
  type PromptFile,
} from '../../../src/engines/openai/index.js';
import { overlappingVerbalizers, spelledOffsets } from '../../../src/engines/openai/completions.js';
import { analyticCompletion, analyticPositive, startLlmServer, strength, tokenize, type LlmServer, type LlmServerOptions } from './server.js';

const MULTI = parsePromptFile(`prompts:
  - completion: "Review: {text}\\nSentiment:"
labels:
  NEGATIVE: [negative, very negative]
  POSITIVE: [positive, very positive]
`, 'multi.yaml');
const TEXTS = ['A fantastic drama.', 'The weekend was terrible here.', 'Banana bread, again and again.', 'Eh.'];
const fast = { retryBaseMs: 1, maxDelayMs: 10 };
const rendered = (file: PromptFile, text: string, i = 0) => completionPrompt(file.prompts[i], text);

let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function connect(prompt: PromptFile, serverOptions: LlmServerOptions = {}, options: Partial<OpenAIOptions> = {}) {
  server = await startLlmServer(serverOptions);
  return OpenAIClassifier.connect(server.url, { modelName: 'test', prompt, env: {}, ...fast, ...options });
}

function problemsOf(text: string): string[] {
  try {
    parsePromptFile(text, 'p.yaml');
  } catch (e) {
    if (isAuditError(e)) return [e.code, ...e.problems];
    throw e;
  }
  throw new Error('expected the prompt file to be refused');
}

describe('choosing the API a prompt file is scored through', () => {
  it('takes the Completions endpoint for a multi-word verbalizer or a completion-style prompt, else Chat Completions', () => {
    expect(MULTI).toMatchObject({ endpoint: 'completions', endpointReason: 'prompt p1 is completion-style' });
    const chatMulti = parsePromptFile('prompts:\n  - user: "{text}"\nlabels:\n  TOXIC: [toxic]\n  OK: [not toxic]\n', 'p.yaml');
    expect(chatMulti).toMatchObject({ endpoint: 'completions', endpointReason: 'the verbalizer "not toxic" (OK) has several words' });
    const plain = parsePromptFile('prompts:\n  - user: "{text}"\nlabels:\n  NEGATIVE: [negative]\n  POSITIVE: [positive]\n', 'p.yaml');
    expect(plain).toMatchObject({ endpoint: 'chat', endpointReason: 'every verbalizer is one word' });
    const pinned = parsePromptFile('endpoint: completions\nprompts:\n  - user: "{text}"\nlabels:\n  NEGATIVE: [negative]\n  POSITIVE: [positive]\n',
      'p.yaml');
    expect(pinned).toMatchObject({ endpoint: 'completions', endpointReason: 'the prompt file asks for it (endpoint: completions)' });
  });

  it('refuses, with file and line, what the chosen path cannot score', () => {
    const out = problemsOf(`endpoint: chat
prompts:
  - completion: "Text: {text}\\nLabel:"
  - user: "{text}"
    completion: "{text} ->"
  - system: nothing else
labels:
  TOXIC: [toxic]
  OK: [not toxic, fine]
`);
    expect(out[0]).toBe('E_PROMPT_INVALID');
    expect(out).toContain('p.yaml:3: prompts.0.completion: a completion-style prompt needs endpoint: completions (Chat Completions takes messages)');
    expect(out).toContain('p.yaml:5: prompts.1.completion: give either user (with an optional system) or completion, not both');
    expect(out).toContain('p.yaml:6: prompts.2: needs user (a chat prompt) or completion (one prompt text)');
    expect(out).toContain('p.yaml:9: labels.OK.0: "not toxic" has several words, but endpoint: chat scores the first answer token only; ' +
      'use endpoint: completions (or leave endpoint out)');
    expect(problemsOf('prompts:\n  - completion: "{text}:"\nlabels:\n  BAD: [toxic]\n  OTHER: [toxic content, fine]\n')).toContain(
      'p.yaml:5: labels.OTHER.0: "toxic content" starts with the verbalizer "toxic" (BAD): on the Completions path the shorter one\'s ' +
      'probability already includes the longer one\'s');
    expect(problemsOf('endpoint: both\nprompts:\n  - user: "{text}"\nlabels: {A: [a], B: [b]}\n')).toContain(
      'p.yaml:1: endpoint: must be one of "chat", "completions" (got "both")');
  });
});

describe('a verbalizer\'s log-probability from echoed tokens', () => {
  // "Review: so good.\nSentiment: very bad" then the generated ".": tokens as the test server splits them.
  const prompt = 'Review: so good.\nSentiment:';
  const full = `${prompt} very bad`;
  const echo = { tokens: [...tokenize(full).map((t) => t.token), '.'], offsets: [...tokenize(full).map((t) => t.offset), full.length],
    logprobs: [null, -1, -2, -3, -0.25, -0.5, -9] };

  it('sums the tokens from the prompt\'s end to the verbalizer\'s end, leaving out the generated token', () => {
    expect(echo.tokens).toEqual(['Review:', ' so', ' good.', '\nSentiment:', ' very', ' bad', '.']);
    expect(verbalizerLogprob(echo, prompt.length, full.length)).toEqual({ logprob: -0.75, tokens: [' very', ' bad'], straddled: false });
  });

  it('counts a token straddling the prompt\'s end toward the verbalizer, and says it straddled', () => {
    expect(verbalizerLogprob(echo, prompt.length + 1, full.length)).toEqual({ logprob: -0.75, tokens: [' very', ' bad'], straddled: true });
  });

  it('names what is missing: no echo, echo cut short, a null log-probability', () => {
    const generatedOnly = { tokens: ['.'], offsets: [full.length], logprobs: [-9] };
    expect(verbalizerLogprob(generatedOnly, prompt.length, full.length)).toEqual({ problem: 'no-echo' });
    const cut = { tokens: echo.tokens.slice(0, 5), offsets: echo.offsets.slice(0, 5), logprobs: echo.logprobs.slice(0, 5) };
    expect(verbalizerLogprob(cut, prompt.length, full.length)).toEqual({ problem: 'short' });
    expect(verbalizerLogprob({ ...echo, logprobs: [null, -1, -2, -3, null, -0.5, -9] }, prompt.length, full.length)).toEqual({ problem: 'null' });
  });

  it('takes the offsets from the tokens when they spell the text, so offsets counted in bytes cannot move the prompt\'s end', () => {
    const text = 'Avis : très bien.\nSentiment: very bad.';
    const tokens = ['Avis', ' :', ' très', ' bien.', '\nSentiment:', ' very', ' bad', '.'];
    const bytes = tokens.map((_, i) => Buffer.byteLength(tokens.slice(0, i).join(''), 'utf8'));
    expect(bytes[5]).toBe(29); // one more than the 28 code points before " very": "è" is two bytes
    const offsets = spelledOffsets(tokens, text.slice(0, -1))!;
    expect(offsets[5]).toBe(28);
    const echo = { tokens, offsets, logprobs: [null, -1, -1, -1, -1, -0.5, -0.25, -9] };
    expect(verbalizerLogprob(echo, 28, 37)).toEqual({ logprob: -0.75, tokens: [' very', ' bad'], straddled: false });
    expect(spelledOffsets(['<s>', ...tokens], text)).toBeNull(); // then text_offset is used as given
  });

  it('normalises exp(log P) over the labels; the off-label mass is 1 minus the total; tiny probabilities still compare', () => {
    const s = completionScores([[Math.log(0.1), Math.log(0.05)], [Math.log(0.6)]])!;
    expect(s.probs[0]).toBeCloseTo(0.15 / 0.75, 12);
    expect(s.offLabel).toBeCloseTo(0.25, 12);
    const tiny = completionScores([[-800], [-801]])!;
    expect(tiny.probs[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(tiny.offLabel).toBe(1);
  });

  it('finds a verbalizer whose tokens start another\'s', () => {
    expect(overlappingVerbalizers([{ verbalizer: 'neg', tokens: [' neg'] }, { verbalizer: 'negative', tokens: [' neg', 'ative'] }]))
      .toEqual(['neg', 'negative']);
    expect(overlappingVerbalizers([{ verbalizer: 'negative', tokens: [' negative'] }, { verbalizer: 'very negative', tokens: [' very',
      ' negative'] }])).toBeNull();
  });

  it('joins the verbalizer after one space, or straight after trailing whitespace; renders chat prompts in the plain template', () => {
    expect(joinVerbalizer('Sentiment:', ' very bad ')).toBe('Sentiment: very bad');
    expect(joinVerbalizer('Sentiment:\n', 'bad')).toBe('Sentiment:\nbad');
    expect(completionPrompt({ system: 'Label it.', user: 'Text: {text}' }, 'x')).toBe('Label it.\n\nText: x\n\nAnswer:');
    expect(completionPrompt({ user: 'Text: {text}' }, 'x')).toBe('Text: x\n\nAnswer:');
  });
});

describe('an LLM scored through the Completions endpoint (multi-token verbalizers)', () => {
  it('gives the analytic P(label) of every whole verbalizer to 1e-9, and the exact off-label mass', async () => {
    const c = await connect(MULTI);
    const out = await c.predict(TEXTS);
    out.forEach((p, i) => {
      const want = analyticCompletion(rendered(MULTI, TEXTS[i]));
      expect(Math.abs(p.score - want.positive)).toBeLessThan(1e-9);
      expect(Math.abs(p.probs[0] - want.negative)).toBeLessThan(1e-9);
      expect(Math.abs(p.offLabel! - want.offLabel)).toBeLessThan(1e-9);
      expect(Math.abs(c.offLabelMass(TEXTS[i])! - want.offLabel)).toBeLessThan(1e-9);
    });
    // One request per verbalizer after the first request: 4 texts x 4 verbalizers.
    expect(server!.calls).toHaveLength(1 + 16);
    const sent = server!.calls.find((call) => call.body.prompt === `${rendered(MULTI, TEXTS[0])} very negative`)!;
    expect(sent.url).toBe('/v1/completions');
    expect(sent.body).toEqual({ model: 'test', prompt: `${rendered(MULTI, TEXTS[0])} very negative`, max_tokens: 1, temperature: 0,
      logprobs: 1, echo: true });
    expect(c.planRequests!(10)).toMatch(/scoring 10 texts takes about 40 requests \(one per text and verbalizer: 4 verbalizers through the Completions endpoint/);
  });

  it('renders a chat prompt in the plain template when a verbalizer has several words', async () => {
    const file = parsePromptFile(`prompts:
  - system: Label the sentiment.
    user: "Sentence: {text}"
labels:
  NEGATIVE: [negative, very negative]
  POSITIVE: [positive, very positive]
`, 'chat-multi.yaml');
    const c = await connect(file);
    const [p] = await c.predict([TEXTS[1]]);
    const prompt = `Label the sentiment.\n\nSentence: ${TEXTS[1]}\n\nAnswer:`;
    expect(Math.abs(p.score - analyticCompletion(prompt).positive)).toBeLessThan(1e-9);
    expect(server!.calls.at(-1)!.body.prompt).toBe(`${prompt} very positive`);
  });

  it('asks each text under each prompt, and counts prompts x verbalizers against --max-requests', async () => {
    const two = parsePromptFile(`prompts:
  - completion: "Review: {text}\\nSentiment:"
  - id: terse
    completion: "{text} => label:"
labels:
  NEGATIVE: [negative, very negative]
  POSITIVE: [positive]
`, 'two.yaml');
    const c = await connect(two, {}, { maxRequests: 1 + 12 });
    const [first, second] = c.promptVariants!.map((v) => v.classifier);
    expect(first.planRequests!(2)).toMatch(/takes about 12 requests/);
    const both = await c.predict(TEXTS.slice(0, 2));
    both.forEach((p, t) => p.promptScores!.forEach((s, k) => {
      const prompt = rendered(two, TEXTS[t], k);
      // POSITIVE has one verbalizer here: P(" positive") against P(" negative") + P(" very") P(" negative" | " very").
      const x = strength(prompt);
      const z1 = Math.exp(0.5) + Math.exp(x) + Math.exp(-x) + Math.exp(-1) + Math.exp(-1) + Math.exp(-3);
      const z2 = Math.exp(x) + Math.exp(-x) + Math.exp(-2);
      const pos = Math.exp(x) / z1;
      const neg = Math.exp(-x) / z1 + (Math.exp(0.5) / z1) * (Math.exp(-x) / z2);
      expect(Math.abs(s - pos / (pos + neg))).toBeLessThan(1e-9);
    }));
    expect(await failure(second.predict(['one more']))).toMatch(/^E_LLM_BUDGET: .*3 more requests would pass --max-requests 13 \(13 sent so far\)/);
  });

  it('retries 429 and 500 on the Completions endpoint', async () => {
    const c = await connect(MULTI, { failFirst: [undefined, 429, 500] });
    const [p] = await c.predict([TEXTS[0]]);
    expect(Math.abs(p.score - analyticCompletion(rendered(MULTI, TEXTS[0])).positive)).toBeLessThan(1e-9);
    expect(c.requestStats()).toEqual({ requests: 1 + 4 + 2, retries: 2 });
  });

  it('refuses, naming the server, one whose /v1/completions does not echo the prompt, or has no such endpoint', async () => {
    expect(await failure(connect(MULTI, { noEcho: true }))).toMatch(/^E_LLM_NO_ECHO: http:\/\/127\.0\.0\.1:\d+\/v1: the Completions endpoint cannot score the verbalizers of "test": it did not echo the prompt/);
    await server!.close();
    expect(await failure(connect(MULTI, { noCompletions: true }))).toMatch(/^E_LLM_NO_ECHO: http:\/\/127\.0\.0\.1:\d+\/v1: .*it refused the request \(.*HTTP 404/);
  });

  it('counts a token straddling a prompt that ends in a space toward the verbalizer, and warns', async () => {
    const spaced = parsePromptFile('prompts:\n  - completion: "Review: {text}\\nSentiment: "\nlabels:\n  NEGATIVE: [negative, very negative]\n' +
      '  POSITIVE: [positive, very positive]\n', 'spaced.yaml');
    const c = await connect(spaced);
    c.takeWarnings();
    const [p] = await c.predict([TEXTS[0]]);
    expect(server!.calls.at(-1)!.body.prompt).toBe(`Review: ${TEXTS[0]}\nSentiment: very positive`);
    // The model's answer does not depend on the trailing space, so the scores are the analytic ones.
    expect(Math.abs(p.score - analyticCompletion(`Review: ${TEXTS[0]}\nSentiment:`).positive)).toBeLessThan(1e-9);
    expect(c.takeWarnings()).toContain(`${server!.url}: for 1 of 1 answers a token spanned the prompt's end and the verbalizer (the ` +
      'prompt ends in whitespace the tokenizer joins to the next word); it counts toward the verbalizer, so the off-label mass there is ' +
      'overstated; end the prompt without trailing whitespace');
  });

  it('keys the fingerprint on the path: the same labels through Chat Completions and Completions differ', async () => {
    const yaml = (endpoint: string) => `${endpoint}prompts:\n  - user: "{text}"\nlabels:\n  NEGATIVE: [negative]\n  POSITIVE: [positive]\n`;
    const chat = await connect(parsePromptFile(yaml(''), 'p.yaml'));
    await server!.close();
    const pinned = await connect(parsePromptFile(yaml('endpoint: completions\n'), 'p.yaml'));
    const samePrompt = await OpenAIClassifier.connect(server!.url, { modelName: 'test', env: {},
      prompt: { ...parsePromptFile(yaml(''), 'p.yaml'), endpoint: 'completions' } });
    expect(pinned.fingerprint).not.toBe(chat.fingerprint);
    expect(samePrompt.fingerprint).not.toBe(chat.fingerprint); // same file bytes, other path
    const [p] = await pinned.predict(['Banana bread']);
    expect(p.score).toBeGreaterThan(0.5);
  });
});

describe('the chat path and verbalizers the server splits into tokens', () => {
  it('warns when a likely first answer token starts a one-word verbalizer without being one', async () => {
    const file = parsePromptFile('prompts:\n  - user: "Sentence: {text}"\nlabels:\n  NEGATIVE: [negative]\n  POSITIVE: [positive]\n' +
      '  UNSURE: [maybe-not]\n', 'split.yaml');
    expect(file.endpoint).toBe('chat');
    const c = await connect(file);
    const [p] = await c.predict([TEXTS[0]]);
    expect(Math.abs(p.score - analyticPositive(fillSlot(file.prompts[0].user!, TEXTS[0])))).toBeLessThan(1e-9);
    expect(c.takeWarnings().some((w) => /the answer token " maybe" \(p = 0\.\d{3}\) starts the verbalizer "maybe-not", which this server seems to split into several tokens; .*endpoint: completions/.test(w))).toBe(true);
  });
});

describe('the token budget on the Completions path', () => {
  // The local server reports no usage on /v1/completions, so each request counts at its upper bound: a token per UTF-8
  // byte of prompt + " " + verbalizer, plus TEMPLATE_TOKENS, plus the one completion token asked for.
  const bound = (text: string, v: string) => Buffer.byteLength(joinVerbalizer(rendered(MULTI, text), v), 'utf8') + 16 + 1;
  const verbalizers = ['negative', 'very negative', 'positive', 'very positive'];

  it('counts every verbalizer\'s request, prints their estimate, and refuses a run that would pass the budget', async () => {
    const c = await connect(MULTI, {}, { maxTokensBudget: 10_000 });
    expect(c.tokensSpent()).toEqual({ spent: bound('This is a test.', 'negative'), unreported: 1 });
    const estimate = verbalizers.reduce((a, v) => a + bound('Eh.', v), 0);
    expect(c.planRequests!(1, ['Eh.'])).toMatch(new RegExp(`takes about 4 requests .*; about ${estimate} tokens`));
    await c.predict(['Eh.']);
    expect(c.tokensSpent().spent).toBe(bound('This is a test.', 'negative') + estimate);
    await server!.close(); // connect() below starts a new one (afterEach closes only the last)
    const tight = await connect(MULTI, {}, { maxTokensBudget: bound('This is a test.', 'negative') + estimate - 1 });
    expect(await failure(() => tight.planRequests!(1, ['Eh.']))).toMatch(/^E_LLM_BUDGET: .*would pass --max-tokens-budget/);
    expect(server!.calls).toHaveLength(1);
  });
});
