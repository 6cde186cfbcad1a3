/**
 * Settings (SPEC §1). The only module that reads environment variables: `loadConfig`
 * merges explicit options over the environment, validates every value, and returns a new
 * frozen object (the caller's options are never mutated). A bad value throws a
 * ConfigError whose message is one line naming the variable.
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  jwtSecret: string | null;
  jwtPublicKey: string | null;
  guestLogin: boolean;
  nodeEnv: string | null;
  roomIdleTtlS: number;
  roomEmptyTtlS: number;
  reconnectGraceS: number;
  randomStartDelayS: number;
  challengeTtlS: number;
  rateLimitScale: number;
  logLevel: string;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (for per-IP limits). */
  trustProxy: boolean;
  /** Allowed CORS origins for HTTP and Socket.IO; `*` allows any (default outside production). */
  corsOrigins: string[];
}

export type ConfigOptions = Partial<Config>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function str(env: Env, name: string): string | null {
  const v = env[name];
  return v === undefined || v.trim() === '' ? null : v.trim();
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const v = str(env, name);
  if (v === null) return def;
  if (!/^\d+$/.test(v)) throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got ${n}`);
  return n;
}

function num(env: Env, name: string, def: number, min: number, max: number): number {
  const v = str(env, name);
  if (v === null) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(`${name} must be a number between ${min} and ${max}, got "${v}"`);
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const v = str(env, name);
  if (v === null) return def;
  if (['true', '1', 'yes'].includes(v.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(v.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${v}"`);
}

function url(env: Env, name: string, schemes: string[]): string | null {
  const v = str(env, name);
  if (v === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(`${name} must be a URL (${schemes.join(' or ')}), got an unparsable value`);
  }
  if (!schemes.includes(parsed.protocol.replace(/:$/, ''))) throw new ConfigError(`${name} must use ${schemes.join(' or ')}://, got ${parsed.protocol}//`);
  return v;
}

/** Reads the settings from `env` (default: process.env) with `options` taking precedence. */
export function loadConfig(options: ConfigOptions = {}, env: Env = process.env): Readonly<Config> {
  const fromEnv: Config = {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: str(env, 'HOST') ?? '127.0.0.1',
    dataDir: str(env, 'DATA_DIR') ?? './data',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres', 'postgresql']),
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']),
    jwtSecret: str(env, 'JWT_SECRET'),
    jwtPublicKey: str(env, 'JWT_PUBLIC_KEY'),
    guestLogin: bool(env, 'GUEST_LOGIN', true),
    nodeEnv: str(env, 'NODE_ENV'),
    roomIdleTtlS: int(env, 'ROOM_IDLE_TTL_S', 1800, 1, 31_536_000),
    roomEmptyTtlS: int(env, 'ROOM_EMPTY_TTL_S', 60, 1, 31_536_000),
    reconnectGraceS: int(env, 'RECONNECT_GRACE_S', 60, 0, 31_536_000),
    randomStartDelayS: num(env, 'RANDOM_START_DELAY_S', 5, 0, 3600),
    challengeTtlS: int(env, 'CHALLENGE_TTL_S', 60, 1, 31_536_000),
    rateLimitScale: num(env, 'RATE_LIMIT_SCALE', 1, 0, 1_000_000),
    logLevel: str(env, 'LOG_LEVEL') ?? 'info',
    trustProxy: bool(env, 'TRUST_PROXY', false),
    corsOrigins: [],
  };
  if (!LOG_LEVELS.includes(fromEnv.logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${fromEnv.logLevel}"`);
  const production = (options.nodeEnv ?? fromEnv.nodeEnv) === 'production';
  const cors = str(env, 'CORS_ORIGINS');
  fromEnv.corsOrigins = cors ? cors.split(',').map((s) => s.trim()).filter(Boolean) : production ? [] : ['*'];
  const merged: Config = { ...fromEnv };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
  if (merged.jwtPublicKey && !merged.jwtPublicKey.includes('-----BEGIN')) {
    throw new ConfigError('JWT_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----…)');
  }
  if (merged.redisUrl && !merged.databaseUrl) {
    throw new ConfigError('REDIS_URL needs DATABASE_URL: in cluster mode the durable history and the copy of live state live in PostgreSQL');
  }
  if (merged.redisUrl && !merged.jwtSecret && !merged.jwtPublicKey) {
    throw new ConfigError('REDIS_URL needs JWT_SECRET or JWT_PUBLIC_KEY: every node must verify the same tokens');
  }
  if (production && !merged.jwtSecret && !merged.jwtPublicKey) {
    throw new ConfigError('NODE_ENV=production needs JWT_SECRET or JWT_PUBLIC_KEY');
  }
  if (merged.jwtSecret && merged.jwtSecret.length < 16 && production) {
    throw new ConfigError('JWT_SECRET must be at least 16 characters in production');
  }
  return Object.freeze(merged);
}
