import { api } from '../../api/client';
import { type CaseDetail } from '../../api/types';
import { t } from '../../i18n/i18n';
import { type MessageKey } from '../../i18n/en';
import { askFor, type DialogField } from '../../shell/dialog';
import { h } from '../../shell/dom';
import { toast, toastError } from '../../shell/toast';

type Action = 'retry' | 'skip' | 'move' | 'cancel';

const LABELS: Record<Action, MessageKey> = { retry: 'case.retry', skip: 'case.skip', move: 'case.move', cancel: 'case.cancel' };

/**
 * Operator actions on a case. Every action asks for a reason (it goes to the audit log); retry, skip and
 * move also ask which element, defaulting to where the tokens and incidents are.
 */
export function caseActions(detail: CaseDetail, elementOptions: { value: string; label: string }[], onDone: () => void): HTMLElement {
  const tokenIds = [...new Set([...(detail.incidents ?? []).map((i) => i.elementId), ...(detail.tokens ?? []).map((tk) => tk.elementId)].filter((x): x is string => !!x))];
  const here = tokenIds.map((id) => elementOptions.find((o) => o.value === id) ?? { value: id, label: id });
  const run = async (action: Action): Promise<void> => {
    const fields: DialogField[] = [];
    if (action !== 'cancel' && here.length) fields.push({ name: 'elementId', label: t('case.tokens'), options: here });
    if (action === 'move') fields.push({ name: 'targetElementId', label: t('case.moveTarget'), options: elementOptions });
    fields.push({ name: 'reason', label: t('common.reason'), required: true, multiline: true });
    const values = await askFor(t(LABELS[action]), fields);
    if (!values) return;
    try {
      await api('POST', `/cases/${encodeURIComponent(detail.id)}/${action}`, values);
      toast(t('case.actionDone', { action: t(LABELS[action]) }), 'success');
      onDone();
    } catch (err) {
      toastError(err);
    }
  };
  const running = !['completed', 'cancelled', 'terminated'].includes((detail.status ?? '').toLowerCase());
  return h(
    'div.case-actions',
    {},
    ...(['retry', 'skip', 'move', 'cancel'] as Action[]).map((a) =>
      h(`button.btn.btn-small${a === 'cancel' ? '.btn-danger' : ''}`, { disabled: !running, 'data-action': a, onclick: () => void run(a) }, t(LABELS[a])),
    ),
  );
}
