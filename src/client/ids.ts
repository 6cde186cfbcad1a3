/**
 * Client-made ids (`action_id`, `client_msg_id`): random, ≤ 64 chars. Uses
 * `crypto.getRandomValues`, which browsers offer on plain-http pages too (unlike `randomUUID`).
 */
export function newActionId(prefix = 'a'): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `${prefix}_${Date.now().toString(36)}_${hex}`;
}
