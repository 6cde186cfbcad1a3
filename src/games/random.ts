/**
 * Deterministic PRNG for game modules. The server draws a crypto-random seed per room,
 * stores it with the room, and builds `ctx.random` as `createRandom(seed, version)` for
 * every step, so a game replays exactly from its event log.
 * (xmur3 string hash feeding sfc32: small, fast, well-distributed, no dependencies.)
 */
function xmur3(str: string): () => number {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) {
    h = Math.imul(h ^ str.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** A PRNG in [0, 1) for step `version` of the room seeded with `seed`. */
export function createRandom(seed: string, version: number): () => number {
  const h = xmur3(`${seed}:${version}`);
  const next = sfc32(h(), h(), h(), h());
  for (let i = 0; i < 12; i++) next(); // warm up
  return next;
}

/** Integer in [min, max] (inclusive) from a PRNG. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
