/** Evidence bundles: a bundle verifies as built; any edit to any part, digest or signature fails. */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { auditEntryHash, buildEvidence, verifyEvidence, type EvidenceAuditEntry, type EvidenceParts } from '../../../core/audit/evidence';

const keys = (): { priv: string; pub: string } => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), pub: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};

function parts(): EvidenceParts {
  const xml = '<bpmn:definitions/>';
  const entry: Omit<EvidenceAuditEntry, 'hash'> = { seq: 1, at: '2026-03-01T09:00:00.000Z', actor: 'li', action: 'task.complete', target: 't1', before: null, after: { ok: true }, prevHash: '0'.repeat(64) };
  return {
    bpmn: { definitionId: 'P:1', processId: 'P', version: 1, xml, xmlHash: createHash('sha256').update(xml).digest('hex') },
    worker: { buildIds: ['@temporalio/worker@1+abc'] },
    history: { events: [{ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' }] },
    trace: '<log/>',
    conformance: { verdict: 'conformant', fitness: 1 },
    audit: [{ ...entry, hash: auditEntryHash(entry as EvidenceAuditEntry) }],
  };
}

describe('evidence bundles', () => {
  const k = keys();

  it('when a bundle is verified as built, then it is valid, also against its trusted key', () => {
    const b = buildEvidence('case-1', parts(), k.priv);
    expect(verifyEvidence(JSON.parse(JSON.stringify(b)))).toEqual({ valid: true, problems: [], keyId: b.signature.keyId });
    expect(verifyEvidence(b, { trustedPublicKey: k.pub }).valid).toBe(true);
  });

  it('when any part is edited, then verification names that part', () => {
    const b = JSON.parse(JSON.stringify(buildEvidence('case-1', parts(), k.priv))) as ReturnType<typeof buildEvidence>;
    (b.parts.conformance as { verdict: string }).verdict = 'deviant';
    expect(verifyEvidence(b)).toMatchObject({ valid: false, problems: ['parts.conformance: content does not match its hash'] });
  });

  it('when the part hash is also recomputed, then the digest or signature gives it away', () => {
    const b = JSON.parse(JSON.stringify(buildEvidence('case-1', parts(), k.priv))) as ReturnType<typeof buildEvidence>;
    b.parts.trace = '<log><trace/></log>';
    b.digests.trace = createHash('sha256').update(JSON.stringify(b.parts.trace)).digest('hex');
    expect(verifyEvidence(b).problems).toEqual(['digest: does not match the part hashes']);
  });

  it('when a forger re-signs with another key, then it verifies only without a trusted key', () => {
    const forger = keys();
    const p = parts();
    p.bpmn.xml = '<bpmn:definitions id="forged"/>';
    p.bpmn.xmlHash = createHash('sha256').update(p.bpmn.xml).digest('hex');
    const forged = buildEvidence('case-1', p, forger.priv);
    expect(verifyEvidence(forged).valid).toBe(true);
    expect(verifyEvidence(forged, { trustedPublicKey: k.pub }).problems).toEqual(['signature: signed with a key other than the trusted one']);
  });

  it('when the BPMN hash or an audit entry is inconsistent, then it is reported even if re-hashed', () => {
    const p = parts();
    p.bpmn.xmlHash = 'f'.repeat(64);
    p.audit[0].actor = 'someone else';
    const b = buildEvidence('case-1', p, k.priv);
    expect(verifyEvidence(b).problems).toEqual(['parts.bpmn.xmlHash: is not the SHA-256 of the XML', 'parts.audit[0] (seq 1): entry does not match its hash']);
  });

  it('when the signature bytes are altered, then it does not verify', () => {
    const b = buildEvidence('case-1', parts(), k.priv);
    const sig = Buffer.from(b.signature.value, 'base64');
    sig[0] ^= 1;
    b.signature.value = sig.toString('base64');
    expect(verifyEvidence(b).problems).toEqual(['signature: does not verify']);
  });
});
