/**
 * Small form helpers for the campaign screens: a labelled field with an error slot beside it, and
 * the mapping of an API problem's `field` (`body.windows.0.hours`) to that slot, so validation
 * errors appear next to the input they are about.
 */
import { ApiError, toApiError } from '../../api/problem';
import { h } from '../../shell/dom';
import { toastError } from '../../shell/toast';

/** A labelled input with an error line; `name` is the top-level request field it edits. */
export function field(name: string, label: string, input: HTMLElement, hint?: string): HTMLElement {
  return h(
    'label.field',
    { 'data-field': name },
    h('span', {}, label),
    input,
    hint ? h('small.muted', {}, hint) : null,
    h('small.form-error', { 'data-error-for': name, role: 'alert' }),
  );
}

/** Clears every error line inside `form`. */
export function clearErrors(form: HTMLElement): void {
  form.querySelectorAll<HTMLElement>('[data-error-for]').forEach((e) => (e.textContent = ''));
}

/**
 * Shows an API error beside the fields it names: the most specific error line the form has for the
 * path after `body.` (`conditions.segments` before `conditions`); what names no field of this form
 * goes to the form's general error line, or a toast when there is none.
 */
export function showErrors(form: HTMLElement, err: unknown): void {
  clearErrors(form);
  if (!(err instanceof ApiError)) return toastError(err);
  const general: string[] = [];
  const problems = err.errors.length > 0 ? err.errors : [{ message: err.detail ?? err.title, field: undefined }];
  for (const p of problems) {
    const parts = (p.field?.replace(/^body\.?/, '') ?? '').split(/[.[\]]+/).filter(Boolean);
    let slot: HTMLElement | null = null;
    for (let n = parts.length; n > 0 && !slot; n--) slot = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(parts.slice(0, n).join('.'))}"]`);
    if (slot) slot.textContent = [slot.textContent, p.message].filter(Boolean).join('\n');
    else general.push(p.message);
  }
  const rest = form.querySelector<HTMLElement>('[data-error-for="_form"]');
  if (general.length > 0) {
    if (rest) rest.textContent = general.join('\n');
    else toastError(err);
  }
}

/** The general error line of a form (problems that name no field of it). */
export function formError(): HTMLElement {
  return h('p.form-error', { 'data-error-for': '_form', role: 'alert' });
}

export const input = (name: string, value = '', attrs: Record<string, string | number | boolean> = {}): HTMLInputElement =>
  h('input', { name, type: 'text', value, ...attrs });

/** Comma- or newline-separated text as a list of trimmed, non-empty items. */
export const splitList = (text: string): string[] =>
  text
    .split(/[,\n，]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Calls the API with a text body (CSV); JSON answer. Uses the session token like api(). */
export async function sendText<T>(method: string, path: string, text: string, type: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Content-Type': type };
  const token = localStorage.getItem('tp.token');
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { method, headers, body: text });
  if (!res.ok) throw await toApiError(res);
  const body = await res.text();
  return (body ? JSON.parse(body) : undefined) as T;
}

/** Downloads a file the API serves (a CSV export) byte for byte, BOM included, with the session token. */
export async function downloadFrom(path: string, filename: string): Promise<void> {
  const token = localStorage.getItem('tp.token');
  const res = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw await toApiError(res);
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
