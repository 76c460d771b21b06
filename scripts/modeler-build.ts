/**
 * Keeps modeler/dist in step with its sources: `npm start` (and the browser tests) build it when it
 * is missing or older than any file under modeler/ it is built from, so nobody is served a stale
 * modeler after a pull.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
export const MODELER_DIR = path.join(repoRoot, 'modeler');
export const MODELER_DIST = path.join(MODELER_DIR, 'dist');
const VITE_CONFIG = path.join(MODELER_DIR, 'vite.config.ts');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Why the modeler must be built, or undefined when modeler/dist is current. */
export function modelerBuildReason(): string | undefined {
  const index = path.join(MODELER_DIST, 'index.html');
  if (!existsSync(index)) return 'modeler/dist is missing';
  if (newestMtime(MODELER_DIR) > statSync(index).mtimeMs) return 'modeler sources changed since the last build';
  return undefined;
}

/** Builds modeler/dist with Vite's API when needed; returns what was done. */
export async function ensureModelerBuilt(log: (line: string) => void = () => undefined): Promise<'built' | 'current'> {
  const reason = modelerBuildReason();
  if (!reason) return 'current';
  log(`building the modeler (${reason})…`);
  const { build } = await import('vite');
  await build({ configFile: VITE_CONFIG, logLevel: 'warn' });
  return 'built';
}
