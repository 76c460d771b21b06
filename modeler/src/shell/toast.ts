import { ApiError } from '../api/problem';
import { t } from '../i18n/i18n';
import { h } from './dom';

/** Shows a short message in the corner; errors stay until clicked. */
export function toast(message: string, kind: 'info' | 'success' | 'error' = 'info', detail?: string): void {
  let host = document.getElementById('toasts');
  if (!host) {
    host = h('div', { id: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(host);
  }
  const el = h(`div.toast.toast-${kind}`, { onclick: () => el.remove() }, h('strong', {}, message), detail ? h('div.toast-detail', {}, detail) : null);
  host.append(el);
  if (kind !== 'error') setTimeout(() => el.remove(), 4000);
}

/** Shows an error from any source, using the problem's detail when the API gave one. */
export function toastError(err: unknown): void {
  if (err instanceof ApiError) {
    const lines = err.errors.map((p) => (p.elementId ? `${p.elementName ?? p.elementId}: ${p.message}` : p.message));
    toast(err.title, 'error', [err.detail, ...lines].filter(Boolean).join('\n'));
  } else {
    toast(t('common.error'), 'error', err instanceof Error ? err.message : String(err));
  }
}
