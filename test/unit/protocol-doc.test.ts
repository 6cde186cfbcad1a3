/**
 * docs/PROTOCOL.md stays in step with the router table (STYLE habit 8, Fastify's "an error
 * code missing from the docs fails a test"). Fix a failure with `npm run docs:protocol`,
 * and by documenting new error codes and replies by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ErrorCode } from '../../src/core/errors.js';
import { events } from '../../src/protocol/events.js';
import { id, metadata, opt, text } from '../../src/protocol/fields.js';
import { shippedGames } from '../../src/games/index.js';
import type { Services } from '../../src/domain/services.js';
import { moduleRoutes } from '../../src/transport/handlers/game-handlers.js';
import { fieldsOf, protocolDocProblems, renderProtocolDoc, routerTable, section, typeOf } from '../../src/transport/protocol-doc.js';

const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'PROTOCOL.md');
const doc = fs.readFileSync(DOC, 'utf8');

describe('docs/PROTOCOL.md', () => {
  it('is up to date with the router table, documents every error code and every reply', () => {
    expect(protocolDocProblems(doc)).toEqual([]);
  });

  it('lists every client→server event of the router, core and game module events alike', () => {
    const generated = section(doc, 'Client → server events (generated)') + section(doc, 'Game modules (generated)');
    const moduleEvents = [...moduleRoutes({} as Services, shippedGames, (e) => e in events).keys()];
    expect(moduleEvents.length).toBeGreaterThan(0);
    for (const name of [...Object.keys(events), ...moduleEvents]) expect(generated, name).toContain(`\`${name}\``);
  });

  it('lists every error code of src/core/errors.ts in its error table', () => {
    const errors = section(doc, 'Error codes');
    for (const code of Object.keys(ErrorCode)) expect(errors, code).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
  });

  it('fails when the event table gains an event the doc does not show', () => {
    const table = routerTable();
    table.events.push({ name: 'brand_new_event', rate: 'other', fields: [{ name: 'room_id', type: 'string 1–64', required: true }], successEvent: 'brand_new_event_success' });
    const problems = protocolDocProblems(doc, table);
    expect(problems).toContainEqual(expect.stringContaining('out of date'));
    expect(problems).toContainEqual(expect.stringContaining('brand_new_event has no reply'));
    expect(renderProtocolDoc(doc, table)).toContain('### brand_new_event');
  });

  it('fails when a payload bound changes', () => {
    const table = routerTable();
    const create = table.events.find((e) => e.name === 'create_room')!;
    create.fields = create.fields.map((f) => (f.name === 'max_players' ? { ...f, type: 'integer 1–501' } : f));
    expect(protocolDocProblems(doc, table)).toContainEqual(expect.stringContaining('out of date'));
  });

  it('fails when an error code is missing from the doc', () => {
    const without = doc.replace(/^\| `ROOM_FULL` \|.*\n/m, '');
    expect(without).not.toBe(doc);
    expect(protocolDocProblems(without)).toEqual(['error code ROOM_FULL is missing from "## Error codes"']);
  });

  it('keeps hand-written text outside the generated blocks and refuses a doc without the markers', () => {
    const edited = doc.replace('## Requests and replies\n', '## Requests and replies\n\nA hand-written note.\n');
    expect(renderProtocolDoc(edited)).toBe(edited);
    expect(() => renderProtocolDoc('# nothing here\n')).toThrow(/markers/);
  });
});

describe('schema walking', () => {
  it('describes types, bounds, optionality and defaults as the schemas define them', () => {
    expect(typeOf(z.number().int().min(0).max(8))).toBe('integer 0–8');
    expect(typeOf(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER))).toBe('integer ≥ 0');
    expect(typeOf(z.number().min(-90).max(90))).toBe('number -90 to 90');
    expect(typeOf(z.number().gt(0))).toBe('number > 0');
    expect(typeOf(text(1, 64))).toBe('string 1–64');
    expect(typeOf(text(0, 140))).toBe('string ≤ 140');
    expect(typeOf(z.string().max(10))).toBe('string ≤ 10');
    expect(typeOf(z.enum(['a', 'b']))).toBe('"a" | "b"');
    expect(typeOf(z.literal('x'))).toBe('"x"');
    expect(typeOf(z.array(id()).min(1).max(100))).toBe('array of string 1–64 (1–100 items)');
    expect(typeOf(z.array(z.enum(['a', 'b'])))).toBe('array of ("a" | "b")');
    expect(typeOf(z.record(z.string(), z.unknown()))).toBe('object of string → any JSON value');
    expect(typeOf(z.object({ a: z.boolean(), b: z.number().optional() }).strict())).toBe('object {a: boolean; b?: number}');
    expect(typeOf(metadata)).toMatch(/^object, ≤ 16 keys/);
    expect(fieldsOf(z.object({ must: id(), may: opt(id()), nullish: z.boolean().nullish(), dflt: z.number().int().default(40) }))).toEqual([
      { name: 'must', type: 'string 1–64', required: true },
      { name: 'may', type: 'string 1–64', required: false },
      { name: 'nullish', type: 'boolean', required: false },
      { name: 'dflt', type: 'integer', required: false, default: '40' },
    ]);
  });

  it('reads the real create_room schema', () => {
    const fields = fieldsOf(events.create_room.schema);
    expect(fields.find((f) => f.name === 'game_type')).toEqual({ name: 'game_type', type: 'string 1–64', required: true });
    expect(fields.find((f) => f.name === 'permission')).toEqual({ name: 'permission', type: '"public" | "private"', required: false });
    expect(fields.find((f) => f.name === 'turn_time_limit_s')).toEqual({ name: 'turn_time_limit_s', type: 'integer 1–86400', required: false });
  });
});
