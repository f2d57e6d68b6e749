/**
 * The endpoint's identity: the URL checked and stripped of credentials (they become a header, never a name),
 * which token is sent where, and the fingerprint that keys the score cache.
 */
import { createHash } from 'node:crypto';
import { usageError } from '../../errors.js';

export interface Endpoint {
  /** Where requests go: the URL without user:password and without a #fragment. Also the classifier's name. */
  url: string;
  /** Authorization header value, when credentials or a token apply. */
  authorization?: string;
  /** Things the user should know (e.g. HF_TOKEN set but not sent), drained by the CLI. */
  warnings: string[];
}

export interface AuthOptions {
  /** An explicit token (`--token`): sent as a bearer token to whatever URL was given. */
  token?: string;
  /** Where HF_TOKEN is read from (default: process.env). */
  env?: Record<string, string | undefined>;
}

/** Hosts that get HF_TOKEN from the environment without --token: Hugging Face's own. */
const HF_HOSTS = [/^(.+\.)?huggingface\.co$/, /^(.+\.)?hf\.co$/, /\.huggingface\.cloud$/, /\.hf\.space$/];

export function parseEndpoint(raw: string, auth: AuthOptions = {}): Endpoint {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw usageError('E_HTTP_URL', `--model ${JSON.stringify(raw)}: not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw usageError('E_HTTP_URL', `--model ${JSON.stringify(raw)}: only http:// and https:// endpoints are supported`);
  }
  const warnings: string[] = [];
  let authorization: string | undefined;
  if (u.username || u.password) {
    if (auth.token !== undefined) throw usageError('E_HTTP_URL', `--model: the URL carries credentials and --token was given too; use ` +
      `one of them`);
    const basic = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
    authorization = `Basic ${Buffer.from(basic, 'utf8').toString('base64')}`;
    u.username = '';
    u.password = '';
  }
  u.hash = '';
  const url = u.toString();

  if (auth.token !== undefined) {
    if (auth.token.trim() === '') throw usageError('E_HTTP_TOKEN', '--token: empty');
    authorization = `Bearer ${auth.token.trim()}`;
    if (u.protocol === 'http:' && !isLoopback(u.hostname)) warnings.push(`${url}: the token is sent over plain http`);
  } else if (!authorization) {
    // An ambient HF token only goes to Hugging Face: sending it to any URL on the command line would leak it.
    const envToken = (auth.env ?? process.env).HF_TOKEN?.trim();
    if (envToken && isHuggingFaceHost(u.hostname)) authorization = `Bearer ${envToken}`;
    else if (envToken) warnings.push(
      `HF_TOKEN is set but not sent to ${u.host} (not a Hugging Face host); pass --token to send a token there`);
  }
  return { url, authorization, warnings };
}

export function isHuggingFaceHost(hostname: string): boolean {
  return HF_HOSTS.some((re) => re.test(hostname.toLowerCase()));
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
}

/**
 * sha256 (hex) of the JSON text `{"engine":"http","endpoint":<url>,"model_version":<version or null>,"labels":[...]}`
 * (keys in that order, no spaces). The labels are in because cached probabilities are stored in label order.
 * Without a version the URL alone names the model, so a redeployed model would reuse old scores: callers warn.
 */
export function endpointFingerprint(url: string, modelVersion: string | undefined, labels: string[], multiLabel = false): string {
  // multi_label only when set, so single-label endpoints keep the fingerprints (and cached scores) they had.
  const identity = JSON.stringify({ engine: 'http', endpoint: url, model_version: modelVersion ?? null, labels,
    ...(multiLabel ? { multi_label: true } : {}) });
  return createHash('sha256').update(identity, 'utf8').digest('hex');
}

export function unversionedWarning(url: string): string {
  return `${url}: no --model-version given, so cached scores are keyed by the URL alone and cannot tell model versions apart; pass ` +
    `--model-version (or turn the cache off) when the model behind the URL may change`;
}
