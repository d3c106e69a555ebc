// Part of `npm run build`: the migrations beside dist/db/database.js, with a
// manifest of their names and sha256 hashes, which every open of a store checks
// (reading one small file instead of hashing every migration at each start).
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const from = 'src/db/migrations';
const to = 'dist/db/migrations';
cpSync(from, to, { recursive: true });
const manifest = readdirSync(from)
  .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
  .sort()
  .map((name) => ({ version: Number(name.slice(0, 3)), name, sha256: createHash('sha256').update(readFileSync(`${from}/${name}`, 'utf8')).digest('hex') }));
writeFileSync(`${to}/manifest.json`, JSON.stringify(manifest));
