/**
 * Intake: a contact is routed to its touchpoint's process and starts one case. The idempotency
 * key decides both the workflow id and the contact's unique key, so any number of repeats (even
 * concurrent) give one case and one record: the record's unique index picks one winner, and the
 * workflow start uses USE_EXISTING, so every caller converges on the same running case.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { contacts, type ContactDoc } from '../../store/contacts';
import type { DefinitionDoc } from '../../store/definitions';
import { touchpointCode, touchpoints } from '../../store/touchpoints';
import { PROCESS_WORKFLOW, type ProcessInput } from '../../workflows/process/messages';
import type { Principal } from '../auth/principal';
import { calendarsFor } from '../calendars/calendars.service';
import { getDefinition, resolveDefinition } from '../definitions/definitions.service';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { fromTemporal } from '../temporal-errors';
import type { contactBody } from './contacts.schemas';

export interface ContactResult {
  caseId: string;
  contactId: string;
  touchpoint: string;
  definitionId: string;
  created: boolean;
  links: Record<string, string>;
}

const keyId = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 32);

function view(c: ContactDoc, created: boolean): ContactResult {
  return {
    caseId: c.caseId,
    contactId: c._id,
    touchpoint: c.touchpoint,
    definitionId: c.definitionId,
    created,
    links: { case: `/cases/${c.caseId}`, tasks: `/tasks?caseId=${c.caseId}`, customer: `/customers/${c.customerId}` },
  };
}

type Executable = Pick<DefinitionDoc, '_id' | 'version' | 'graph' | 'calledGraphs'>;

/** Starts (or joins) the contact's case; `known` is the definition when the caller has it already. */
async function startCase(deps: AppDeps, c: ContactDoc, known?: Executable): Promise<void> {
  const def = known ?? (await getDefinition(deps.db, c.definitionId));
  const calendars = await calendarsFor(deps.db, [def.graph, ...Object.values(def.calledGraphs ?? {})]);
  const input: ProcessInput = {
    caseId: c.caseId,
    definitionId: def._id,
    version: def.version,
    graph: def.graph,
    calledGraphs: def.calledGraphs,
    variables: { ...c.payload, customerId: c.customerId, business: c.business, channel: c.channel },
    touchpoint: c.touchpoint,
    customerId: c.customerId,
    actor: c.actor,
    calendars,
  };
  try {
    await deps.temporal.workflow.start(PROCESS_WORKFLOW, {
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      workflowId: c.caseId,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return; // closed earlier: same case
    throw fromTemporal(err);
  }
}

export async function takeContact(deps: AppDeps, body: z.infer<typeof contactBody>, headerKey: string | undefined, actor: Principal): Promise<ContactResult> {
  if (headerKey && body.idempotencyKey && headerKey !== body.idempotencyKey) {
    throw AppError.badRequest('Idempotency-Key header and body.idempotencyKey differ', [{ field: 'body.idempotencyKey', message: 'differs from the header' }]);
  }
  const key = headerKey ?? body.idempotencyKey ?? randomUUID();
  const Contacts = contacts(deps.db);
  // The contact's _id is derived from its key, so the lookup is by _id: FerretDB pushes only that down.
  const byKey = async (): Promise<ContactDoc | null> => {
    const found = await Contacts.findById(keyId(key)).lean();
    return found && found.idempotencyKey === key ? found : null;
  };
  const existing = await byKey();
  if (existing) {
    await startCase(deps, existing);
    return view(existing, false);
  }

  const tps = touchpoints(deps.db);
  const tp =
    (body.segment ? await tps.findById(touchpointCode(body.channel, body.business, body.segment)).lean() : null) ??
    (await tps.findById(touchpointCode(body.channel, body.business)).lean());
  if (!tp) throw AppError.unprocessable(`no touchpoint for business ${body.business} on channel ${body.channel}`, [{ field: 'body.business', message: 'no touchpoint' }]);
  if (!tp.processId) throw AppError.unprocessable(`touchpoint ${tp._id} has no process (blind spot)`, [{ field: 'body.business', message: 'blind spot' }]);
  const def = await resolveDefinition(deps.db, tp.processId, tp.version, true);
  if (!def) throw AppError.unprocessable(`process ${tp.processId} of touchpoint ${tp._id} is not deployed`);

  const id = keyId(key);
  const doc: ContactDoc = {
    _id: id,
    idempotencyKey: key,
    caseId: `case-${id}`,
    customerId: body.customerId,
    business: body.business,
    channel: body.channel,
    segment: body.segment,
    touchpoint: tp._id,
    definitionId: def._id,
    processId: def.processId,
    version: def.version,
    payload: body.payload,
    actor: actor.username,
    createdAt: new Date(),
  };
  let created = true;
  let record = doc;
  try {
    await Contacts.collection.insertOne(doc as never);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    created = false;
    const winner = await byKey();
    if (!winner) throw AppError.conflict('concurrent contact with the same key; retry');
    record = winner;
  }
  await startCase(deps, record, record.definitionId === def._id ? def : undefined);
  return view(record, created);
}
