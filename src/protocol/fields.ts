/**
 * Field builders that encode SPEC §4's input rules once: strings are trimmed and bounded
 * in Unicode code points, numbers are finite, `null` for an optional field means absent,
 * and unknown fields are rejected (every object is strict).
 */
import { z } from 'zod';

export const LIMITS = {
  id: 64,
  topic: 64,
  action: 64,
  password: 128,
  status: 140,
  challengeMessage: 280,
  chat: 1000,
  name: 32,
  metadataKey: 64,
  metadataValue: 256,
  metadataEntries: 16,
  token: 8192,
} as const;

export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * How a field reads in docs/PROTOCOL.md where zod cannot show it (a rule inside a check
 * function); the doc generator (transport/protocol-doc.ts) looks schemas up here first.
 */
export const fieldDocs = z.registry<{ type: string }>();

/** A trimmed string of `min`–`max` code points. */
export function text(min: number, max: number) {
  const schema = z
    .string()
    .trim()
    .check((ctx) => {
      const n = codePoints(ctx.value);
      if (n < min || n > max) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: min === max ? `must be ${min} characters` : n < min ? `must be at least ${min} character${min === 1 ? '' : 's'}` : `must be at most ${max} characters`,
        });
      }
    });
  return schema.register(fieldDocs, { type: min === 0 ? `string ≤ ${max}` : `string ${min}–${max}` });
}

export const id = () => text(1, LIMITS.id);

/**
 * Optional field: absent, undefined or null all mean "not given". The parameter type makes
 * `z.input` (the SDK's request types) read `T | null | undefined` instead of `unknown`.
 */
export function opt<T extends z.ZodType>(schema: T) {
  return z.preprocess((v: z.input<T> | null | undefined) => (v === null ? undefined : v), schema.optional());
}

export const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const metadataValue = z.union([text(0, LIMITS.metadataValue), z.number(), z.boolean()]);

const metadataRecord = z
  .record(z.string().min(1).max(LIMITS.metadataKey).regex(/^[A-Za-z0-9_.-]+$/, 'metadata keys are letters, digits, _ . -'), metadataValue)
  .check((ctx) => {
    if (Object.keys(ctx.value).length > LIMITS.metadataEntries) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: `at most ${LIMITS.metadataEntries} metadata entries` });
    }
  });

/** Room metadata: a flat object of ≤ 16 string/number/boolean values. */
export const metadata = z
  // zod's record silently drops a "__proto__" key without checking its value: refuse it instead
  .custom<unknown>((v) => !(typeof v === 'object' && v !== null && Object.hasOwn(v, '__proto__')), { message: 'metadata key "__proto__" is not allowed', path: ['__proto__'] })
  .pipe(metadataRecord)
  .register(fieldDocs, {
    type: `object, ≤ ${LIMITS.metadataEntries} keys ([A-Za-z0-9_.-], ≤ ${LIMITS.metadataKey}) → string ≤ ${LIMITS.metadataValue} | number | boolean`,
  });

export type Metadata = z.infer<typeof metadata>;

/** An object payload with no extra keys. */
export const obj = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);
