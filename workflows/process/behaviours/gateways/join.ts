/** Shared join bookkeeping for parallel and inclusive gateways. */
import { condition } from '@temporalio/workflow';
import type { BehaviourContext } from '../../types';

/**
 * Waits at a join until `ready(arrived)` holds; the token that sees it first continues and merges
 * the others (they return `false`, meaning consumed). `pick` chooses the arrivals merged.
 */
export async function awaitJoin(
  { engine, token, element }: BehaviourContext,
  ready: (arrived: BehaviourContext['token'][]) => boolean,
  pick: (arrived: BehaviourContext['token'][]) => BehaviourContext['token'][],
): Promise<boolean> {
  const key = `${token.scopeInstanceId}:${element.id}`;
  const arrived = engine.joins.get(key) ?? [];
  engine.joins.set(key, arrived);
  arrived.push(token);
  token.state = 'waiting';
  token.waitingFor = 'join';
  try {
    await condition(() => token.consumed === true || ready(arrived));
  } catch (err) {
    arrived.splice(arrived.indexOf(token), 1);
    throw err;
  }
  if (token.consumed) return false;
  const merged = pick(arrived);
  if (!merged.includes(token)) merged.push(token);
  for (const m of merged) {
    arrived.splice(arrived.indexOf(m), 1);
    if (m !== token) m.consumed = true;
  }
  if (arrived.length === 0) engine.joins.delete(key);
  return true;
}
