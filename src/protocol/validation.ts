/** Turns a zod failure into VALIDATION_ERROR with `field` = the first bad field's dotted path. */
import type { z } from 'zod';
import { ParlorError } from '../core/errors.js';

export function validationError(error: z.ZodError, prefix = ''): ParlorError {
  const issue = error.issues[0]!;
  const path = [...issue.path.map(String)];
  if (issue.code === 'unrecognized_keys' && issue.keys.length) path.push(issue.keys[0]!);
  const field = [prefix, ...path].filter(Boolean).join('.');
  const message = issue.code === 'unrecognized_keys' ? `Unknown field ${field}` : field ? `${field}: ${issue.message}` : issue.message;
  return new ParlorError('VALIDATION_ERROR', message, field ? { field } : {});
}

/** Parses `payload` with `schema` or throws VALIDATION_ERROR. */
export function parse<T>(schema: z.ZodType<T>, payload: unknown, prefix = ''): T {
  const r = schema.safeParse(payload);
  if (!r.success) throw validationError(r.error, prefix);
  return r.data;
}
