/** The bench's GC attribution (bench/lib/gc-pauses.mjs): pause time, longest pause, and the slow round trips a pause of their node explains. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gcFigures } from '../../bench/lib/gc-pauses.mjs';

const dirs: string[] = [];
function nodeDir(pauses: [number, number, string][] | null): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-pauses-'));
  dirs.push(dir);
  if (pauses) fs.writeFileSync(path.join(dir, 'gc-pauses.jsonl'), pauses.map((p) => JSON.stringify(p)).join('\n') + '\n');
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('gcFigures', () => {
  const window: [number, number] = [10_000, 12_000]; // 2 s

  it('counts only pauses in the window, per node, and the slow round trips that overlap a pause of their own node', () => {
    const a = nodeDir([
      [9_000, 50, 'major'], // before the window
      [10_100, 10, 'minor'],
      [11_000, 30, 'minor'],
    ]);
    const b = nodeDir([[10_500, 20, 'minor']]);
    const slowest: [number, number, number][] = [
      [11_010, 40, 0], // overlaps node 0's pause at 11,000
      [10_495, 30, 0], // overlaps only node 1's pause: not its own node
      [10_480, 30, 1], // overlaps node 1's pause at 10,500
      [10_200, 30, 1], // overlaps nothing
    ];
    expect(gcFigures([a, b], { window, slowest })).toEqual({ gcMsPerS: 15, gcMaxMs: 30, scavengesPerS: 0.75, slowInGcPct: 50 });
  });

  it('gives nothing when a node logged no pause file (a target started without the hook)', () => {
    expect(gcFigures([nodeDir([[10_100, 10, 'minor']]), nodeDir(null)], { window, slowest: [[10_100, 5, 0]] })).toEqual({});
  });
});
