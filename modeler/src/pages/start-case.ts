import { api } from '../api/client';
import { type DefinitionSummary } from '../api/types';
import { t } from '../i18n/i18n';
import { askFor } from '../shell/dialog';
import { loadMatrix } from './touchpoint-matrix';

export interface StartedCase {
  caseId: string;
  touchpoint: string;
}

/**
 * Cases start from a customer contact on a touchpoint (business × channel) that this process serves:
 * ask which touchpoint and which customer, then `POST /contacts`. Resolves undefined when cancelled.
 */
export async function startCase(def: DefinitionSummary): Promise<StartedCase | undefined> {
  const matrix = await loadMatrix();
  const served = matrix.cells.filter((c) => c.processId && c.processId === def.processId);
  if (!served.length) throw new Error(t('catalogue.noTouchpoint'));
  const values = await askFor(
    `${t('catalogue.start')}: ${def.name ?? def.processId ?? def.id}`,
    [
      { name: 'touchpoint', label: t('nav.map'), options: served.map((c) => ({ value: `${c.business}|${c.channel}`, label: `${c.businessName} × ${c.channelName} (${c.code})` })) },
      { name: 'customerId', label: t('catalogue.customer'), required: true },
    ],
    t('catalogue.start'),
  );
  if (!values) return undefined;
  const [business, channel] = values.touchpoint.split('|');
  return api<StartedCase>('POST', '/contacts', { customerId: values.customerId, business, channel, payload: {} });
}
