/** Types of temp-pg-database.mjs. */
export function tempPgDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }>;
