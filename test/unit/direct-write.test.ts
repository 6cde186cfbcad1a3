import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { textFrame } from '../../src/transport/direct-write.js';

// ws's frame parser (its types do not declare it)
const { Receiver } = createRequire(import.meta.url)('ws') as { Receiver: new (opts: object) => any };

/** Parses `frame` with ws's own client-side Receiver (unmasked server frames). */
function parse(frame: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new Receiver({ isServer: false, maxPayload: 0 });
    r.on('message', (data: Buffer, isBinary: boolean) => (isBinary ? reject(new Error('binary')) : resolve(data.toString('utf8'))));
    r.on('error', reject);
    r.write(frame);
  });
}

describe('textFrame', () => {
  it('builds frames that ws reads back, across the 7-bit, 16-bit and 64-bit length forms', async () => {
    for (const n of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
      const text = 'x'.repeat(n);
      const frame = textFrame(text);
      const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
      expect(frame.length).toBe(head + n);
      expect(await parse(frame)).toBe(text);
    }
  });

  it('counts the length in UTF-8 bytes', async () => {
    const text = '4' + '😀'.repeat(40); // 161 bytes: needs the 16-bit form
    const frame = textFrame(text);
    expect(frame[1]).toBe(126);
    expect(frame.readUInt16BE(2)).toBe(Buffer.byteLength(text));
    expect(await parse(frame)).toBe(text);
  });
});
