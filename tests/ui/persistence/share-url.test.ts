import { describe, expect, it } from 'vitest';
import { defaultSetup, validateSetup } from '../../../src/ui/state/setup-config';
import { MAX_SHARED_SETUP_CHARS, setupFromHash, setupToHash, shareUrl } from '../../../src/ui/persistence';
import { encodeBase64Url } from '../../../src/ui/persistence/base64url';
import { braninSetup } from './fixtures';

const hashOf = (json: string) => `#setup=${encodeBase64Url(json)}`;

function invalidMessage(hash: string): string {
  const result = setupFromHash(hash);
  if (result.kind !== 'invalid') throw new Error(`expected invalid, got ${result.kind}`);
  return result.message;
}

describe('setupToHash / setupFromHash', () => {
  it('round-trips every task\'s default setup', () => {
    for (const task of ['branin', 'synthetic-mlp', 'mnist-cnn', 'fashion-cnn'] as const) {
      const setup = defaultSetup(task);
      expect(setupFromHash(setupToHash(setup))).toEqual({ kind: 'setup', setup });
    }
  });

  it('round-trips non-ASCII categorical choices and sampler options', () => {
    const setup = braninSetup({
      space: { note: { type: 'categorical', choices: ['é', '学习', '🙂'] } },
      samplerOptions: { resolution: 5 },
    });
    expect(setupFromHash(setupToHash(setup))).toEqual({ kind: 'setup', setup });
  });

  it('is URL-safe and compact', () => {
    const hash = setupToHash(defaultSetup('mnist-cnn'));
    expect(hash).toMatch(/^#setup=[A-Za-z0-9_-]+$/);
    expect(hash.length).toBeLessThan(2000);
  });

  it('accepts the hash without "#" and next to other parts', () => {
    const setup = braninSetup();
    const body = setupToHash(setup).slice(1);
    expect(setupFromHash(body)).toEqual({ kind: 'setup', setup });
    expect(setupFromHash(`#view=map&${body}&x`)).toEqual({ kind: 'setup', setup });
  });

  it('shareUrl replaces any existing hash', () => {
    const setup = braninSetup();
    expect(shareUrl('https://example.org/app/?a=1#old', setup)).toBe(`https://example.org/app/?a=1${setupToHash(setup)}`);
    expect(shareUrl('https://example.org/', setup)).toBe(`https://example.org/${setupToHash(setup)}`);
  });

  it('says "none" when the hash shares nothing', () => {
    expect(setupFromHash('')).toEqual({ kind: 'none' });
    expect(setupFromHash('#')).toEqual({ kind: 'none' });
    expect(setupFromHash('#view=map')).toEqual({ kind: 'none' });
  });
});

describe('setupFromHash refuses tampered hashes with a message, never a throw', () => {
  it('an empty value', () => {
    expect(invalidMessage('#setup=')).toBe("The shared link's setup could not be used: it is empty.");
  });

  it('characters outside base64url, or an impossible length', () => {
    expect(invalidMessage('#setup=abc+def/')).toMatch(/contains characters that are not base64url \(was it cut short when copied\?\)\.$/);
    expect(invalidMessage('#setup=abcde')).toMatch(/its length is not a valid base64url length/);
  });

  it('bytes that are not UTF-8', () => {
    expect(invalidMessage('#setup=__79')).toMatch(/it is not valid UTF-8 text/);
  });

  it('text that is not JSON', () => {
    expect(invalidMessage(hashOf('{"task":'))).toMatch(/^The shared link's setup could not be used: not valid JSON \(/);
  });

  it('an oversized value, before decoding it', () => {
    expect(invalidMessage(`#setup=${'A'.repeat(MAX_SHARED_SETUP_CHARS + 1)}`)).toBe(
      `The shared link's setup could not be used: it is ${MAX_SHARED_SETUP_CHARS + 1} characters long, more than the ${MAX_SHARED_SETUP_CHARS} allowed.`,
    );
  });

  it('deep nesting and prototype-polluting keys', () => {
    expect(invalidMessage(hashOf('['.repeat(50) + ']'.repeat(50)))).toMatch(/nested more than 8 levels deep/);
    const polluted = JSON.stringify(braninSetup()).replace('"samplerOptions":{}', '"samplerOptions":{"__proto__":{"admin":true}}');
    expect(invalidMessage(hashOf(polluted))).toMatch(/the key "__proto__" at samplerOptions is not allowed\.$/);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('a setup that fails validation, naming the field', () => {
    const setup = { ...braninSetup(), budget: { trials: 0, minutes: null, epochs: 1 } };
    expect(invalidMessage(hashOf(JSON.stringify(setup)))).toBe(
      "The shared link's setup could not be used: setup: budget.trials: must be an integer in [1, 10000], got 0.",
    );
    expect(invalidMessage(hashOf('42'))).toMatch(/setup: \(setup\): must be an object/);
  });

  it('any single flipped character: refused or still a valid setup, never a throw', () => {
    const hash = setupToHash(braninSetup());
    const start = '#setup='.length;
    for (let at = start; at < hash.length; at++) {
      const flipped = hash.slice(0, at) + (hash[at] === 'A' ? 'B' : 'A') + hash.slice(at + 1);
      const result = setupFromHash(flipped);
      if (result.kind === 'setup') expect(validateSetup(result.setup)).toEqual(result.setup);
      else expect(result.kind).toBe('invalid');
    }
  });
});
