import { describe, expect, it } from 'vitest';
import { findForbiddenKey, nestingDepth, parseUntrustedJSON, UntrustedJSONError } from '../../../src/ui/persistence/untrusted-json';

const limits = { maxChars: 1000, maxDepth: 4 };

function problemOf(text: string) {
  try {
    parseUntrustedJSON(text, limits);
  } catch (e) {
    expect(e).toBeInstanceOf(UntrustedJSONError);
    return (e as UntrustedJSONError).problem;
  }
  throw new Error('expected a refusal');
}

describe('parseUntrustedJSON', () => {
  it('parses JSON within the limits', () => {
    expect(parseUntrustedJSON('{"a":[1,{"b":"[[[["}]}', limits)).toEqual({ a: [1, { b: '[[[[' }] });
  });

  it('refuses by size first, then depth, then syntax, then keys', () => {
    expect(problemOf('x'.repeat(1001))).toEqual({ kind: 'too-large', chars: 1001, maxChars: 1000 });
    expect(problemOf('[[[[[1]]]]]')).toEqual({ kind: 'too-deep', maxDepth: 4 });
    expect(problemOf('{"a":}').kind).toBe('syntax');
    expect(problemOf('{"a":{"constructor":{}}}')).toEqual({ kind: 'forbidden-key', key: 'constructor', path: 'a' });
  });
});

describe('nestingDepth', () => {
  it('counts brackets outside strings, including escaped quotes', () => {
    expect(nestingDepth('[]')).toBe(1);
    expect(nestingDepth('{"a":[[]]}')).toBe(3);
    expect(nestingDepth('["\\"[[[", []]')).toBe(2);
  });

  it('stops scanning once the limit is passed', () => {
    expect(nestingDepth('['.repeat(1_000_000), 10)).toBe(11);
  });
});

describe('findForbiddenKey', () => {
  it('finds __proto__, constructor and prototype at any depth, with their path', () => {
    expect(findForbiddenKey(JSON.parse('{"__proto__":1}'))).toEqual({ key: '__proto__', path: '(root)' });
    expect(findForbiddenKey({ a: [{ b: { prototype: 1 } }] })).toEqual({ key: 'prototype', path: 'a[0].b' });
    expect(findForbiddenKey({ a: [1, 'constructor', { ok: true }] })).toBeNull();
  });
});
