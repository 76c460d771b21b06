/**
 * Registering a complaint on behalf of a customer. The form carries one Idempotency-Key, made when
 * it is drawn: a double click, or a retry after a lost answer, sends the same key and the API
 * answers with the complaint it already started instead of opening a second case. The API's
 * problems (an unknown customer, no address on record for the reply) appear beside their field.
 */
import { api } from '../../api/client';
import { t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { toast } from '../../shell/toast';
import { clearErrors, field, formError, showErrors } from '../campaigns/form-kit';
import { complaintTabs, label } from './complaint-badges';
import { CHANNELS, KINDS } from './complaint-types';

function newKey(): string {
  return `ui-${crypto.randomUUID()}`;
}

export function complaintSubmitPage(root: HTMLElement): void {
  const key = newKey();
  const customer = h('input', { name: 'customerId', required: true, maxlength: 100 });
  const channel = h('select', { name: 'channel' }, ...CHANNELS.map((c) => h('option', { value: c, selected: c === 'web' }, label('complaints.channel', c))));
  const business = h('input', { name: 'business', maxlength: 100 });
  const kind = h('select', { name: 'overrideKind' }, h('option', { value: '' }, t('complaints.field.byRules')), ...KINDS.map((k) => h('option', { value: k }, label('complaints.kind', k))));
  const category = h('input', { name: 'overrideCategory', maxlength: 60, placeholder: t('complaints.field.byRules') });
  const subject = h('input', { name: 'subject', maxlength: 300 });
  const replyTo = h('input', { name: 'replyTo', maxlength: 200 });
  const text = h('textarea', { name: 'text', rows: 5, required: true, maxlength: 10000 });
  const submit = h('button.btn.btn-primary', { type: 'submit', 'data-action': 'submit-complaint' }, t('complaints.submit'));
  let inFlight = false;

  const send = async (): Promise<void> => {
    clearErrors(form);
    for (const [input, name, label] of [
      [customer, 'customerId', 'complaints.field.customer'],
      [text, 'text', 'complaints.field.text'],
    ] as const) {
      if (!input.value.trim()) {
        const slot = form.querySelector<HTMLElement>(`[data-error-for="${name}"]`);
        if (slot) slot.textContent = t('complaints.required', { field: t(label) });
        input.focus();
        return;
      }
    }
    // A second click while the first is under way is not sent at all; one sent later carries the same key.
    if (inFlight) return;
    inFlight = true;
    submit.disabled = true;
    submit.textContent = t('complaints.submitting');
    const body: Record<string, string> = { customerId: customer.value.trim(), channel: channel.value, text: text.value.trim(), idempotencyKey: key };
    if (business.value.trim()) body.business = business.value.trim();
    if (subject.value.trim()) body.subject = subject.value.trim();
    if (replyTo.value.trim()) body.replyTo = replyTo.value.trim();
    if (kind.value) body.overrideKind = kind.value;
    if (category.value.trim()) body.overrideCategory = category.value.trim();
    try {
      const out = await api<{ complaintId: string; created: boolean }>('POST', '/complaints', body);
      toast(out.created ? t('complaints.submitted', { id: out.complaintId }) : t('complaints.existing'), 'success');
      location.hash = `#/complaints/${encodeURIComponent(out.complaintId)}`;
    } catch (err) {
      // Problems naming a field (an unknown customer, no address on record) appear beside it.
      showErrors(form, err);
      inFlight = false;
      submit.disabled = false;
      submit.textContent = t('complaints.submit');
    }
  };

  const form: HTMLFormElement = h(
    'form.card.complaint-form',
    {
      'data-idempotency-key': key,
      style: 'max-width:640px',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void send();
      },
    },
    field('customerId', `${t('complaints.field.customer')} *`, customer),
    field('channel', t('complaints.field.channel'), channel),
    field('business', t('complaints.field.business'), business),
    field('overrideKind', t('complaints.field.kind'), kind),
    field('overrideCategory', t('complaints.field.category'), category),
    field('subject', t('complaints.field.subject'), subject),
    field('text', `${t('complaints.field.text')} *`, text),
    field('replyTo', t('complaints.replyTo'), replyTo, t('complaints.field.replyToHint')),
    formError(),
    h('div.dialog-actions', {}, submit),
  );
  root.append(h('div.page', {}, h('div.toolbar', {}, h('h1.page-title', {}, t('complaints.tab.new')), h('span.spacer'), complaintTabs('new')), form));
  customer.focus();
}
