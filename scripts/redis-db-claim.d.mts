/** Types of redis-db-claim.mjs. */
export function claimRedisDb(hostPort: string, opts?: { emptyOnly?: boolean; waitMs?: number }): Promise<{ db: number; release(): Promise<void> }>;
