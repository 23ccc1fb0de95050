import { describe, expect, it } from 'vitest';
import { readJsonStream } from './json-stream.js';

describe('readJsonStream', () => {
  it('reads NDJSON lines with their line numbers', () => {
    const content = readJsonStream('{"a":1}\n\n{"a":2}\r\n{"a":3}');
    expect(content.values.map((value) => [value.line, value.value])).toEqual([
      [1, { a: 1 }],
      [3, { a: 2 }],
      [4, { a: 3 }],
    ]);
    expect(content.failures).toEqual([]);
  });

  it('keeps the lines around a truncated one', () => {
    const content = readJsonStream('{"a":1}\n{"a":{"b":2\n{"a":3}\n');
    expect(content.values.map((value) => [value.line, value.value])).toEqual([
      [1, { a: 1 }],
      [3, { a: 3 }],
    ]);
    expect(content.failures).toEqual([
      { line: 2, endLine: 2, element: null, kind: 'truncated', text: '{"a":{"b":2' },
    ]);
  });

  it('reports a closed but invalid object', () => {
    const content = readJsonStream('{"a":1,}\n{"a":2}');
    expect(content.failures).toEqual([
      { line: 1, endLine: 1, element: null, kind: 'invalid', text: '{"a":1,}' },
    ]);
    expect(content.values.map((value) => value.value)).toEqual([{ a: 2 }]);
  });

  it('reports text that is not JSON', () => {
    const content = readJsonStream('{"a":1}\nERREUR 500\n{"a":2}');
    expect(content.failures).toEqual([
      { line: 2, endLine: 2, element: null, kind: 'not-json', text: 'ERREUR 500' },
    ]);
    expect(content.values).toHaveLength(2);
  });

  it('splits pretty-printed objects written back to back', () => {
    const content = readJsonStream('{\n  "a": {\n    "b": 1\n  }\n}{\n  "a": 2\n}');
    expect(content.values.map((value) => [value.line, value.value])).toEqual([
      [1, { a: { b: 1 } }],
      [5, { a: 2 }],
    ]);
  });

  it('numbers the elements of an array', () => {
    const content = readJsonStream('[\n  {"a": 1},\n  {"a": 2}\n]\n');
    expect(content.values.map((value) => [value.line, value.element, value.value])).toEqual([
      [2, '/[1]', { a: 1 }],
      [3, '/[2]', { a: 2 }],
    ]);
    expect(content.unclosedArrayLine).toBeNull();
  });

  it('flags an array without its closing bracket', () => {
    const content = readJsonStream('[{"a": 1},\n{"a": 2}');
    expect(content.values).toHaveLength(2);
    expect(content.unclosedArrayLine).toBe(1);
  });

  it('closes a string at a line break', () => {
    // The broken string must not swallow the braces of the next line.
    const content = readJsonStream('{"a": "x\n{"a": 2}');
    expect(content.values.map((value) => value.value)).toEqual([{ a: 2 }]);
    expect(content.failures.map((failure) => [failure.line, failure.kind])).toEqual([[1, 'truncated']]);
  });

  it('skips a byte order mark', () => {
    expect(readJsonStream('\uFEFF{"a":1}').values.map((value) => value.value)).toEqual([{ a: 1 }]);
  });
});
