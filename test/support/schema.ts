/**
 * The newest schema version: the number of the last file in migrations/. Tests that open a fresh
 * database expect it, so that adding a migration does not mean editing every store test.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const files = readdirSync(join(__dirname, '..', '..', 'migrations')).filter((f) => /^\d{4}_.+\.sql$/.test(f));
export const NEWEST_SCHEMA: number = Math.max(...files.map((f) => Number(f.slice(0, 4))));
