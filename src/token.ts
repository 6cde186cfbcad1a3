/**
 * `npm run token -- --name NAME [--roles admin,host] [--ttl 1h] [--sub ID]`: prints a
 * token signed with the configured secret (JWT_SECRET, or the dev secret in DATA_DIR).
 * How an operator or a teacher gets an admin/host identity without an identity provider.
 */
import { randomUUID } from 'node:crypto';
import { ConfigError, loadConfig } from './config/config.js';
import { TokenService } from './transport/tokens.js';

function usage(msg?: string): never {
  if (msg) console.error(`token: ${msg}`);
  console.error('usage: npm run token -- --name NAME [--roles admin,host] [--ttl 1h] [--sub USER_ID]');
  process.exit(2);
}

/** "90", "90s", "15m", "1h", "7d" → seconds. */
export function parseTtl(s: string): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(s.trim());
  if (!m) usage(`--ttl must look like 90s, 15m, 1h or 7d, got "${s}"`);
  const n = Number(m[1]);
  return n * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]!]!;
}

const args = process.argv.slice(2);
const opt: Record<string, string> = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (!a.startsWith('--')) usage(`unexpected argument "${a}"`);
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) usage(`${a} needs a value`);
  opt[a.slice(2)] = v;
  i++;
}
for (const k of Object.keys(opt)) if (!['name', 'roles', 'ttl', 'sub'].includes(k)) usage(`unknown option --${k}`);
const name = opt.name?.trim();
if (!name || [...name].length > 32) usage('--name is required (1–32 characters)');
const roles = (opt.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
const ttl = parseTtl(opt.ttl ?? '1h');
try {
  const tokens = new TokenService(loadConfig());
  if (!tokens.canSign) usage('no signing secret: set JWT_SECRET (production with only JWT_PUBLIC_KEY cannot sign)');
  const sub = opt.sub ?? `user_${randomUUID()}`;
  console.log(await tokens.sign({ sub, name, roles }, ttl));
} catch (err) {
  if (err instanceof ConfigError) usage(err.message);
  throw err;
}
