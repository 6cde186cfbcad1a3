/**
 * Token checks (SPEC §3): HS256 with JWT_SECRET (or the dev secret generated once into
 * DATA_DIR), RS256/ES256 with JWT_PUBLIC_KEY. The algorithm is chosen by the key, never
 * by the token: `none` and HS/RS confusion are refused. HS256 is verified by hs256.ts
 * (node:crypto, synchronous), the public-key algorithms by jose.
 */
import { createPublicKey, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../config/config.js';
import type { Caller } from '../domain/deps.js';
import { ParlorError } from '../core/errors.js';
import { LIMITS } from '../protocol/fields.js';
import { verifyHs256 } from './hs256.js';

export interface Identity extends Caller {
  /** Expiry (epoch ms), or null for a token without `exp`. */
  expiresAt: number | null;
}

export class TokenService {
  private readonly secret: Uint8Array | null;
  /** The same secret as a node:crypto key, for verifying (hs256.ts). */
  private readonly secretKey: KeyObject | null;
  private readonly publicKey: KeyObject | null;
  private readonly publicAlg: 'RS256' | 'ES256' | null;

  constructor(config: Readonly<Config>) {
    const secret = config.jwtSecret ?? (config.nodeEnv === 'production' ? null : devSecret(config.dataDir));
    this.secret = secret ? new TextEncoder().encode(secret) : null;
    this.secretKey = this.secret ? createSecretKey(this.secret) : null;
    this.publicKey = config.jwtPublicKey ? createPublicKey(config.jwtPublicKey) : null;
    this.publicAlg = this.publicKey ? (this.publicKey.asymmetricKeyType === 'ec' ? 'ES256' : 'RS256') : null;
  }

  /** Whether this server can sign tokens (guest login, `npm run token`). */
  get canSign(): boolean {
    return this.secret !== null;
  }

  async sign(claims: { sub: string; name: string; roles?: string[] }, ttlSeconds: number): Promise<string> {
    if (!this.secret) throw new ParlorError('FORBIDDEN', 'This server does not issue tokens');
    const jwt = new SignJWT({ name: claims.name, ...(claims.roles?.length ? { roles: claims.roles } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
    return jwt.sign(this.secret);
  }

  /** Verifies a token; throws ParlorError AUTH_INVALID or AUTH_EXPIRED. */
  async verify(token: string): Promise<Identity> {
    if (this.secretKey) {
      const checked = verifyHs256(token, this.secretKey);
      if (checked.ok) return toIdentity(checked.payload);
      if (!checked.otherAlg) throw checked.reason === 'expired' ? expired() : invalid();
    }
    // not an HS256 token: only the configured public-key algorithm is accepted (jose checks the header's alg against it)
    if (!this.publicKey || !this.publicAlg) throw invalid();
    let payload: JWTPayload;
    try {
      payload = (await jwtVerify(token, this.publicKey, { algorithms: [this.publicAlg] })).payload;
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw expired();
      throw invalid();
    }
    return toIdentity(payload);
  }
}

function expired(): ParlorError {
  return new ParlorError('AUTH_EXPIRED', 'The token has expired');
}

function invalid(): ParlorError {
  return new ParlorError('AUTH_INVALID', 'The token is not valid');
}

function toIdentity(p: JWTPayload): Identity {
  const sub = typeof p.sub === 'string' ? p.sub.trim() : '';
  if (!sub || [...sub].length > LIMITS.id) throw invalid();
  const rawName = typeof p.name === 'string' && p.name.trim() ? p.name.trim() : sub;
  const name = [...rawName].slice(0, LIMITS.name).join('');
  const roles = Array.isArray(p.roles) ? p.roles.filter((r): r is string => typeof r === 'string' && r.length <= LIMITS.id).slice(0, 20) : [];
  return { id: sub, name, roles, expiresAt: typeof p.exp === 'number' ? p.exp * 1000 : null };
}

/** The development secret: generated once, kept in DATA_DIR (never a constant in the code). */
function devSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    /* not generated yet */
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    // another process wrote it first: use theirs
    return fs.readFileSync(file, 'utf8').trim();
  }
}
