import { describe, expect, it } from 'vitest';
import { sameJson } from '../../src/core/same-json.js';

describe('sameJson', () => {
  it('tells equal JSON data apart from different data, at any depth', () => {
    expect(sameJson({ board: ['X', null], turn: 'u1', n: 1 }, { turn: 'u1', n: 1, board: ['X', null] })).toBe(true);
    expect(sameJson({ board: ['X', null] }, { board: ['X', 'O'] })).toBe(false);
    expect(sameJson({ a: { b: [1, { c: true }] } }, { a: { b: [1, { c: false }] } })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson('x', 'x')).toBe(true);
    expect(sameJson(0, -0)).toBe(true);
  });
});
