import type { z } from 'zod';
import type { Metadata } from './game-module.js';

type MetadataSchemas = Record<string, z.ZodType<string | number | boolean>>;

/**
 * Reads the metadata keys a module declares. A value that is absent (or, defensively,
 * invalid — the server validates at room creation, but `setup` must never throw) falls
 * back to the schema's `.default()`.
 *
 * @example
 * const SCHEMAS = { rounds: z.number().int().min(1).max(1000).default(40) };
 * const { rounds } = readMetadata(SCHEMAS, ctx.metadata); // 40 when the room has no `rounds`
 */
export function readMetadata<T extends MetadataSchemas>(
  schemas: T,
  metadata: Readonly<Metadata>,
): { [K in keyof T]: z.output<T[K]> } {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(schemas)) {
    const given = schema.safeParse(metadata[key]);
    out[key] = given.success ? given.data : schema.parse(undefined);
  }
  return out as { [K in keyof T]: z.output<T[K]> };
}
