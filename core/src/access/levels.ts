/**
 * Access levels, from weakest to strongest. A grant at one level includes every level below it:
 * `configure` can also read and write.
 */
export const ACCESS_LEVELS = ['read', 'write', 'configure', 'administer'] as const;

export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Returns the rank stored in the database (1 = read … 4 = administer). */
export function accessLevelRank(level: AccessLevel): number {
  return ACCESS_LEVELS.indexOf(level) + 1;
}

/** Returns the level stored under a database rank, or throws on an unknown rank. */
export function accessLevelFromRank(rank: number): AccessLevel {
  const level = ACCESS_LEVELS[rank - 1];
  if (level === undefined) {
    throw new RangeError(`Unknown access level rank ${rank}; expected 1 to ${ACCESS_LEVELS.length}`);
  }
  return level;
}

export function isAccessLevel(value: string): value is AccessLevel {
  return (ACCESS_LEVELS as readonly string[]).includes(value);
}
