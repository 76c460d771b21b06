/**
 * Verifies an evidence bundle offline: `npm run verify-evidence -- <bundle.json> [--public-key <key.pem>]`.
 * Prints each problem found; exits 0 when the bundle is intact and properly signed, 1 when it is not,
 * 2 on a usage error. With --public-key the bundle must be signed by that key (GET
 * /audit/evidence/public-key gives the installation's key).
 */
import { readFileSync } from 'node:fs';
import { verifyEvidence } from '../core/audit/evidence';

function main(argv: string[]): number {
  const args = [...argv];
  let trusted: string | undefined;
  const k = args.indexOf('--public-key');
  if (k >= 0) {
    const file = args[k + 1];
    if (!file) {
      console.error('--public-key needs a PEM file');
      return 2;
    }
    trusted = readFileSync(file, 'utf8');
    args.splice(k, 2);
  }
  if (args.length !== 1) {
    console.error('usage: verify-evidence <bundle.json> [--public-key <key.pem>]');
    return 2;
  }
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(args[0], 'utf8'));
  } catch (err) {
    console.error(`cannot read ${args[0]}: ${(err as Error).message}`);
    return 1;
  }
  const verdict = verifyEvidence(bundle, { trustedPublicKey: trusted });
  const b = bundle as { caseId?: string; createdAt?: string };
  if (verdict.valid) {
    console.log(`VALID evidence for case ${b.caseId ?? '?'} (created ${b.createdAt ?? '?'}), signed by key ${verdict.keyId ?? '?'}${trusted ? ' (trusted)' : ' (embedded key; pass --public-key to pin it)'}`);
    return 0;
  }
  console.log(`INVALID evidence for case ${b.caseId ?? '?'}:`);
  for (const p of verdict.problems) console.log(`  - ${p}`);
  return 1;
}

process.exitCode = main(process.argv.slice(2));
