/** Typings of gc-pauses.mjs for the TypeScript tests. */
export interface GcFigures {
  gcMsPerS?: number;
  gcMaxMs?: number;
  scavengesPerS?: number;
  slowInGcPct?: number | null;
}
export function gcFigures(dataDirs: string[], result: { window: [number, number]; slowest: [number, number, number][] }): GcFigures;
