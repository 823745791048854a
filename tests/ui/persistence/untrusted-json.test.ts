import { describe, expect, it } from 'vitest';
import { findForbiddenKey, nestingDepth, parseUntrustedJSON, scanJSONText, UntrustedJSONError } from '../../../src/ui/persistence/untrusted-json';

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

describe('scanJSONText: counting the items of lists under one key, before parsing', () => {
  const longest = (text: string) => scanJSONText(text, { stopAbove: 64, listKey: 'trials' }).longestList;

  it('counts top-level items, not nested ones or commas inside strings', () => {
    expect(longest('{"trials":[]}')).toBe(0);
    expect(longest('{"trials": [ ] }')).toBe(0);
    expect(longest('{"trials":[1]}')).toBe(1);
    expect(longest('{"trials":[{"a":[1,2,3],"b":"x,y,]"},{"c":{"d":[4,5]}},"\\\\",[6,7]]}')).toBe(4);
    expect(longest('{"study":{"trials" : \n [1, 2, 3]},"other":[1,2,3,4,5]}')).toBe(3);
  });

  it('takes the longest of several such lists and ignores the key inside strings or as a value', () => {
    expect(longest('{"a":{"trials":[1,2]},"b":{"trials":[1,2,3,4]}}')).toBe(4);
    expect(longest('{"x":"trials","y":[1,2,3],"\\"trials":[1,2,3]}')).toBe(0);
    expect(longest('{"name":"trials:[1,2,3]"}')).toBe(0);
  });

  it('agrees with JSON.parse on a generated study-like file', () => {
    const trials = Array.from({ length: 1234 }, (_, i) => ({ id: i, params: { x: i / 3, s: 'a,b]' }, values: [[1, 2], [3, 4]] }));
    const text = JSON.stringify({ study: { trials, space: { trials: { type: 'float' } } } });
    expect(longest(text)).toBe(1234);
  });

  it('lets parseUntrustedJSON refuse a list over its cap before parsing', () => {
    const text = `{"trials":[${'{},'.repeat(10)}{}], "broken": }`;
    let problem: unknown;
    try {
      parseUntrustedJSON(text, { ...limits, maxListItems: { key: 'trials', max: 10 } });
    } catch (e) {
      problem = (e as UntrustedJSONError).problem;
    }
    expect(problem).toEqual({ kind: 'too-many-items', key: 'trials', items: 11, max: 10 });
  });
});

describe('findForbiddenKey', () => {
  it('finds __proto__, constructor and prototype at any depth, with their path', () => {
    expect(findForbiddenKey(JSON.parse('{"__proto__":1}'))).toEqual({ key: '__proto__', path: '(root)' });
    expect(findForbiddenKey({ a: [{ b: { prototype: 1 } }] })).toEqual({ key: 'prototype', path: 'a[0].b' });
    expect(findForbiddenKey({ a: [1, 'constructor', { ok: true }] })).toBeNull();
  });
});
