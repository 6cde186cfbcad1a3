/** Every time on the wire is an ISO 8601 UTC string (SPEC §4). */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The server clock, injectable for tests of pure logic. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
