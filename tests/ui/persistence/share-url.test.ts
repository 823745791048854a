import { describe, expect, it } from 'vitest';
import { defaultSetup, validateSetup } from '../../../src/ui/setup/setup-config';
import { MAX_SHARED_SETUP_CHARS, setupFromHash, setupToHash, shareUrl } from '../../../src/ui/persistence';
import { encodeBase64Url } from '../../../src/ui/persistence/base64url';
import { braninSetup } from './fixtures';
import { MAX_TRIALS_PER_STUDY } from '../../../src/ui/limits';

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

  it('carries non-ASCII text intact (here in a choice training refuses, quoted back)', () => {
    const cnn = defaultSetup('mnist-cnn');
    const setup = { ...cnn, space: { ...cnn.space, activation: { type: 'categorical', choices: ['relu', 'é学习🙂'] } } };
    expect(invalidMessage(setupToHash(setup as never))).toContain('training does not accept the choice "é学习🙂"');
  });

  it('round-trips sampler options', () => {
    const setup = braninSetup({ strategy: 'grid', samplerOptions: { resolution: 7, shuffle: true } });
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
      "The shared link's setup could not be used: budget.trials: must be an integer in [1, 10000], got 0.",
    );
    expect(invalidMessage(hashOf('42'))).toMatch(/used: \(setup\): must be an object/);
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

describe('setupFromHash: the same checks as Setup', () => {
  const linkWith = (change: (setup: Record<string, any>) => void, task: 'branin' | 'mnist-cnn' = 'branin') => {
    const setup: Record<string, any> = JSON.parse(JSON.stringify(defaultSetup(task)));
    change(setup);
    return invalidMessage(hashOf(JSON.stringify(setup)));
  };

  it('refuses a range whose span overflows', () => {
    expect(linkWith((s) => (s.space.x1 = { type: 'float', low: -1e308, high: 1e308 }))).toBe(
      `The shared link's setup could not be used: space: parameter "x1": the range [-1e+308, 1e+308] is too wide: its span high − low overflows to infinity, so every sample would be infinite; narrow it.`,
    );
  });

  it('refuses a range too narrow to sample and an int range past 2^53', () => {
    expect(linkWith((s) => (s.space.x1 = { type: 'float', low: 1, high: 1 + 1e-14 }))).toMatch(/parameter "x1": the range .* is too narrow for numbers of its size/);
    expect(linkWith((s) => (s.space.x2 = { type: 'int', low: 0, high: 2 ** 60 }))).toMatch(/parameter "x2": int bounds must be safe integers/);
  });

  it('refuses a space that does not fit the task', () => {
    expect(linkWith((s) => (s.space.x3 = { type: 'float', low: 0, high: 1 }))).toMatch(/space: the task "branin" reads 2 parameters \(x1, x2\); this space has 3/);
    expect(linkWith((s) => (s.space.activation = { type: 'categorical', choices: ['relu', 'swish'] }), 'mnist-cnn')).toMatch(
      /space: parameter "activation": training does not accept the choice "swish": activation must be one of "relu", "elu", "tanh", "selu"/,
    );
  });

  it('refuses sampler options Setup would refuse', () => {
    expect(linkWith((s) => ((s.strategy = 'grid'), (s.samplerOptions = { resolution: 1e9 })))).toMatch(/samplerOptions\.resolution: must be an integer in \[2, 50\], got 1000000000/);
    expect(linkWith((s) => ((s.strategy = 'random'), (s.samplerOptions = { bogus: 1 })))).toMatch(/samplerOptions: .*bogus/);
  });

  it('refuses a trial budget over MAX_TRIALS_PER_STUDY, naming it', () => {
    expect(linkWith((s) => (s.budget.trials = MAX_TRIALS_PER_STUDY + 1))).toMatch(/budget\.trials: must be an integer in \[1, 10000\], got 10001/);
    expect(setupFromHash(setupToHash(validateSetup({ ...defaultSetup(), budget: { trials: MAX_TRIALS_PER_STUDY, minutes: null, epochs: 1 } }))).kind).toBe('setup');
  });
});
