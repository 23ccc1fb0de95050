import { describe, expect, it } from 'vitest';
import { expectedIntervalStarts } from './units';

describe('expectedIntervalStarts', () => {
  it('counts 23 hours on the spring change', () => {
    expect(expectedIntervalStarts('2022-03-27', '2022-03-28', 'PT1H')).toHaveLength(23);
  });

  it('counts 25 hours on the autumn change', () => {
    expect(expectedIntervalStarts('2022-10-30', '2022-10-31', 'PT1H')).toHaveLength(25);
  });

  it('starts at Paris midnight', () => {
    expect(expectedIntervalStarts('2022-01-10', '2022-01-11', 'PT30M')?.[0]).toBe('2022-01-09T23:00:00.000Z');
  });

  it('leaves daily steps alone', () => {
    expect(expectedIntervalStarts('2022-01-10', '2022-01-17', 'P1D')).toBeNull();
  });
});
