import { api } from '../api/client';
import { type CaseSummary, type DefinitionSummary } from '../api/types';

/** Starts a case of a deployed version and returns it. */
export async function startCase(def: DefinitionSummary, variables: Record<string, unknown> = {}): Promise<CaseSummary> {
  return api<CaseSummary>('POST', '/cases', { definitionId: def.id, variables });
}
