import { api, currentUser } from '../../api/client';
import { type CaseDetail } from '../../api/types';
import { t } from '../../i18n/i18n';
import { type MessageKey } from '../../i18n/en';
import { askFor, type DialogField } from '../../shell/dialog';
import { h } from '../../shell/dom';
import { toast, toastError } from '../../shell/toast';

type Action = 'retry' | 'skip' | 'move' | 'cancel';
type Option = { value: string; label: string };

/** Roles the API lets steer a case (api/cases/cases.router.ts STEERERS). */
const STEERERS = ['admin', 'operator'];

/** True when the signed-in user may retry, skip, move or cancel cases. */
export function maySteer(): boolean {
  return (currentUser()?.roles ?? []).some((r) => STEERERS.includes(r));
}

const LABELS: Record<Action, MessageKey> = { retry: 'case.retry', skip: 'case.skip', move: 'case.move', cancel: 'case.cancel' };

/**
 * Operator actions on a case. Every action needs a reason (it is written to the trail and the audit
 * log); retry picks an incident, skip and move pick a token, move also a target element. Shown only to
 * roles that may steer cases; others get nothing rather than buttons the API would refuse.
 */
export function caseActions(detail: CaseDetail, elementOptions: Option[], nameOf: (id: string) => string, onDone: () => void): HTMLElement | null {
  if (!maySteer()) return null;
  const incidents: Option[] = (detail.incidents ?? []).filter((i) => i.id).map((i) => ({ value: i.id!, label: `${nameOf(i.elementId ?? '')}: ${i.message ?? i.type ?? ''}` }));
  const tokens: Option[] = (detail.tokens ?? []).filter((tk) => tk.id).map((tk) => ({ value: tk.id!, label: `${nameOf(tk.elementId)} (${tk.state ?? ''})` }));
  const run = async (action: Action): Promise<void> => {
    const fields: DialogField[] = [];
    if (action === 'retry') fields.push({ name: 'incidentId', label: t('case.incidents'), options: incidents });
    if (action === 'skip' || action === 'move') fields.push({ name: 'tokenId', label: t('case.tokens'), options: tokens });
    if (action === 'move') fields.push({ name: 'targetElementId', label: t('case.moveTarget'), options: elementOptions });
    fields.push({ name: 'reason', label: t('common.reason'), required: true, multiline: true });
    const values = await askFor(t(LABELS[action]), fields, t(LABELS[action]));
    if (!values) return;
    try {
      await api('POST', `/cases/${encodeURIComponent(detail.id)}/${action}`, values);
      toast(t('case.actionDone', { action: t(LABELS[action]) }), 'success');
      onDone();
    } catch (err) {
      toastError(err);
    }
  };
  const running = (detail.status ?? 'running').toLowerCase() === 'running';
  const enabled: Record<Action, boolean> = { retry: running && incidents.length > 0, skip: running && tokens.length > 0, move: running && tokens.length > 0, cancel: running };
  return h(
    'div.case-actions',
    {},
    ...(['retry', 'skip', 'move', 'cancel'] as Action[]).map((a) =>
      h(`button.btn.btn-small${a === 'cancel' ? '.btn-danger' : ''}`, { disabled: !enabled[a], 'data-action': a, onclick: () => void run(a) }, t(LABELS[a])),
    ),
  );
}
