import { endpointFingerprint, isHuggingFaceHost, parseEndpoint } from '../../../src/engines/http/endpoint.js';
import { isAuditError } from '../../../src/errors.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isAuditError(e) ? e.code : 'not an AuditError';
  }
  return undefined;
}

describe('parseEndpoint', () => {
  it('moves user:password out of the URL into a Basic authorization header', () => {
    const e = parseEndpoint('https://ann:s%40cret@example.org/predict#top', { env: {} });
    expect(e.url).toBe('https://example.org/predict');
    expect(e.authorization).toBe(`Basic ${Buffer.from('ann:s@cret').toString('base64')}`);
  });

  it('sends --token as a bearer token to any URL, warning when it travels over plain http', () => {
    expect(parseEndpoint('http://127.0.0.1:9/p', { token: 'tok', env: {} })).toEqual({ url: 'http://127.0.0.1:9/p', authorization: 'Bearer tok', warnings: [] });
    const remote = parseEndpoint('http://scorer.internal/p', { token: 'tok', env: {} });
    expect(remote.authorization).toBe('Bearer tok');
    expect(remote.warnings).toEqual(['http://scorer.internal/p: the token is sent over plain http']);
  });

  it('sends HF_TOKEN from the environment to Hugging Face hosts only', () => {
    const env = { HF_TOKEN: 'hf_abc' };
    expect(parseEndpoint('https://router.huggingface.co/hf-inference/models/x', { env }).authorization).toBe('Bearer hf_abc');
    expect(parseEndpoint('https://xyz.us-east-1.aws.endpoints.huggingface.cloud', { env }).authorization).toBe('Bearer hf_abc');
    const other = parseEndpoint('http://127.0.0.1:8080/predict', { env });
    expect(other.authorization).toBeUndefined();
    expect(other.warnings).toEqual(['HF_TOKEN is set but not sent to 127.0.0.1:8080 (not a Hugging Face host); pass --token to send a token there']);
  });

  it('rejects what is not an http(s) URL, and credentials given twice', () => {
    expect(codeOf(() => parseEndpoint('not a url'))).toBe('E_HTTP_URL');
    expect(codeOf(() => parseEndpoint('ftp://example.org/model'))).toBe('E_HTTP_URL');
    expect(codeOf(() => parseEndpoint('https://a:b@example.org/', { token: 't' }))).toBe('E_HTTP_URL');
    expect(codeOf(() => parseEndpoint('https://example.org/', { token: '  ' }))).toBe('E_HTTP_TOKEN');
  });
});

describe('isHuggingFaceHost', () => {
  it('accepts Hugging Face domains and rejects look-alikes', () => {
    expect(['huggingface.co', 'api-inference.huggingface.co', 'hf.co', 'me-demo.hf.space'].map(isHuggingFaceHost)).toEqual([true, true, true, true]);
    expect(['evilhuggingface.co', 'huggingface.co.example.org', 'localhost', 'huggingface.cloud'].map(isHuggingFaceHost)).toEqual([false, false, false, false]);
  });
});

describe('endpointFingerprint', () => {
  // Reference digests from `printf '%s' '<identity JSON>' | sha256sum`.
  it('is the sha256 of the documented identity JSON', () => {
    expect(endpointFingerprint('https://example.org/models/sst2', '2024-05-01', ['NEGATIVE', 'POSITIVE'])).toBe('0536e809f9743f9be61929d877254a10665ab6ec3f727abd7d62870b948f2278');
    expect(endpointFingerprint('https://example.org/models/sst2', undefined, ['NEGATIVE', 'POSITIVE'])).toBe('2b14243666413c223095dbb507a64e5e1b96c5f2438aab74639a9fae5af72fdd');
  });

  it('changes with the version and with the label order', () => {
    const base = endpointFingerprint('https://example.org/m', 'v1', ['NEGATIVE', 'POSITIVE']);
    expect(endpointFingerprint('https://example.org/m', 'v2', ['NEGATIVE', 'POSITIVE'])).not.toBe(base);
    expect(endpointFingerprint('https://example.org/m', 'v1', ['POSITIVE', 'NEGATIVE'])).not.toBe(base);
  });
});
