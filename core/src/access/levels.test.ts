import { describe, expect, it } from 'vitest';
import { accessLevelFromRank, accessLevelRank } from './levels.js';

describe('access levels', () => {
  it('ranks read below administer', () => {
    expect(accessLevelRank('read')).toBe(1);
    expect(accessLevelRank('write')).toBe(2);
    expect(accessLevelRank('configure')).toBe(3);
    expect(accessLevelRank('administer')).toBe(4);
  });

  it('maps ranks back to levels', () => {
    expect(accessLevelFromRank(3)).toBe('configure');
  });

  it('rejects unknown ranks', () => {
    expect(() => accessLevelFromRank(0)).toThrow(RangeError);
    expect(() => accessLevelFromRank(5)).toThrow(RangeError);
  });
});
