import { t } from '../i18n/i18n';
import { h } from './dom';

export interface DialogField {
  name: string;
  label: string;
  required?: boolean;
  multiline?: boolean;
  options?: { value: string; label: string }[];
}

/**
 * Asks for a few values in a modal dialog. Resolves with the values, or undefined when cancelled.
 * Required fields block the confirm button with a message instead of silently doing nothing.
 */
export function askFor(title: string, fields: DialogField[], confirmLabel = t('common.confirm')): Promise<Record<string, string> | undefined> {
  return new Promise((resolve) => {
    const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>();
    const error = h('p.dialog-error', { role: 'alert' });
    const close = (value: Record<string, string> | undefined): void => {
      backdrop.remove();
      resolve(value);
    };
    const rows = fields.map((f) => {
      const input = f.options
        ? h('select', { name: f.name }, ...f.options.map((o) => h('option', { value: o.value }, o.label)))
        : f.multiline
          ? h('textarea', { name: f.name, rows: 3, required: f.required })
          : h('input', { name: f.name, type: 'text', required: f.required });
      inputs.set(f.name, input);
      return h('label.field', {}, h('span', {}, f.label + (f.required ? ' *' : '')), input);
    });
    const form = h(
      'form.dialog',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          const values: Record<string, string> = {};
          for (const f of fields) {
            const v = inputs.get(f.name)!.value.trim();
            if (f.required && !v) {
              error.textContent = `${f.label}: ${t('common.reasonRequired')}`;
              inputs.get(f.name)!.focus();
              return;
            }
            values[f.name] = v;
          }
          close(values);
        },
      },
      h('h2', {}, title),
      ...rows,
      error,
      h(
        'div.dialog-actions',
        {},
        h('button.btn', { type: 'button', onclick: () => close(undefined) }, t('common.cancel')),
        h('button.btn.btn-primary', { type: 'submit' }, confirmLabel),
      ),
    );
    const backdrop = h('div.dialog-backdrop', {}, form);
    backdrop.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') close(undefined);
    });
    document.body.append(backdrop);
    inputs.values().next().value?.focus();
  });
}
