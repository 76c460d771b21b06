/**
 * Evidence bundles: everything needed to prove what happened in one case — the BPMN it ran on and its
 * hash, the worker build, the Temporal history, the trace (XES), the conformance verdict and the
 * audit-log entries about it — each part hashed (SHA-256 over canonical JSON), the list of part
 * hashes hashed again, and that digest signed with Ed25519. Verification needs nothing but the file
 * (and, to pin who signed it, the expected public key).
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonical } from './canonical';

export const EVIDENCE_FORMAT = 'touchpoint-evidence/1';

/** An audit-log entry as the log stores it (see api/audit). */
export interface EvidenceAuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  prevHash: string;
  hash: string;
}

export interface EvidenceParts {
  bpmn: { definitionId: string; processId: string; version: number; xml: string; xmlHash: string };
  worker: { buildIds: string[]; replayBuildId?: string; replay?: { result: string; detail?: string } };
  /** The Temporal history as proto-JSON. */
  history: unknown;
  /** The case's trace as an XES document. */
  trace: string;
  conformance: unknown;
  audit: EvidenceAuditEntry[];
}

export type PartName = keyof EvidenceParts;
export const PART_NAMES: PartName[] = ['bpmn', 'worker', 'history', 'trace', 'conformance', 'audit'];

export interface EvidenceBundle {
  format: typeof EVIDENCE_FORMAT;
  caseId: string;
  createdAt: string;
  parts: EvidenceParts;
  /** SHA-256 (hex) of the canonical JSON of each part. */
  digests: Record<PartName, string>;
  /** SHA-256 (hex) of the canonical JSON of { format, caseId, createdAt, digests }: what is signed. */
  digest: string;
  signature: { alg: 'Ed25519'; keyId: string; publicKey: string; value: string };
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The key id: SHA-256 of the public key's DER (SPKI) encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

function digestOf(b: Pick<EvidenceBundle, 'format' | 'caseId' | 'createdAt' | 'digests'>): string {
  return sha256(canonical({ format: b.format, caseId: b.caseId, createdAt: b.createdAt, digests: b.digests }));
}

/** Builds and signs a bundle with a PEM (PKCS#8) Ed25519 private key. */
export function buildEvidence(caseId: string, parts: EvidenceParts, privateKeyPem: string, createdAt = new Date().toISOString()): EvidenceBundle {
  const key = createPrivateKey(privateKeyPem);
  const publicKey = createPublicKey(key);
  const digests = Object.fromEntries(PART_NAMES.map((n) => [n, sha256(canonical(parts[n]))])) as Record<PartName, string>;
  const head = { format: EVIDENCE_FORMAT, caseId, createdAt, digests } as const;
  const digest = digestOf(head);
  return {
    ...head,
    parts,
    digest,
    signature: {
      alg: 'Ed25519',
      keyId: keyIdOf(publicKey),
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      value: sign(null, Buffer.from(digest, 'hex'), key).toString('base64'),
    },
  };
}

/** The audit log's entry hash: SHA-256 over the canonical JSON of the entry's content and previous hash. */
export function auditEntryHash(e: EvidenceAuditEntry): string {
  return sha256(
    canonical({
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      action: e.action,
      target: e.target ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
      prevHash: e.prevHash,
    }),
  );
}

export interface VerifyOptions {
  /** PEM public key the bundle must be signed with; without it, the embedded key is trusted. */
  trustedPublicKey?: string;
}

export interface EvidenceVerdict {
  valid: boolean;
  /** Every check that failed, each naming the part or field. */
  problems: string[];
  keyId?: string;
}

/** Checks a bundle: format, each part's hash, the BPMN hash, audit entry hashes, the digest and the signature. */
export function verifyEvidence(input: unknown, options: VerifyOptions = {}): EvidenceVerdict {
  const problems: string[] = [];
  const b = input as Partial<EvidenceBundle> | null;
  if (!b || typeof b !== 'object' || b.format !== EVIDENCE_FORMAT) return { valid: false, problems: [`format: not ${EVIDENCE_FORMAT}`] };
  if (!b.parts || !b.digests || !b.signature || typeof b.digest !== 'string') return { valid: false, problems: ['bundle: parts, digests, digest or signature missing'] };
  for (const n of PART_NAMES) {
    if (!(n in b.parts)) problems.push(`parts.${n}: missing`);
    else if (sha256(canonical(b.parts[n])) !== b.digests[n]) problems.push(`parts.${n}: content does not match its hash`);
  }
  const bpmn = b.parts.bpmn;
  if (bpmn && typeof bpmn.xml === 'string' && sha256(bpmn.xml) !== bpmn.xmlHash) problems.push('parts.bpmn.xmlHash: is not the SHA-256 of the XML');
  for (const [i, e] of (b.parts.audit ?? []).entries()) {
    if (auditEntryHash(e) !== e.hash) problems.push(`parts.audit[${i}] (seq ${e.seq}): entry does not match its hash`);
  }
  if (digestOf(b as EvidenceBundle) !== b.digest) problems.push('digest: does not match the part hashes');
  let keyId: string | undefined;
  try {
    const embedded = createPublicKey(b.signature.publicKey);
    keyId = keyIdOf(embedded);
    if (keyId !== b.signature.keyId) problems.push('signature.keyId: does not match the embedded public key');
    if (options.trustedPublicKey && keyIdOf(createPublicKey(options.trustedPublicKey)) !== keyId) {
      problems.push('signature: signed with a key other than the trusted one');
    }
    if (!verify(null, Buffer.from(b.digest, 'hex'), embedded, Buffer.from(b.signature.value, 'base64'))) {
      problems.push('signature: does not verify');
    }
  } catch (err) {
    problems.push(`signature: unreadable (${(err as Error).message})`);
  }
  return { valid: problems.length === 0, problems, keyId };
}
