/**
 * Strategies: the latest version of each strategy (templates marked), a form to create or change
 * one (channels in fallback order, weekly windows × hours in a time zone with holidays, skills,
 * attempts and retry spacing), its version history (the change log) and copying from a template.
 * The API validates; its problems appear beside the fields they name.
 */
import { api, asList } from '../../api/client';
import { formatDate, t } from '../../i18n/i18n';
import { askFor } from '../../shell/dialog';
import { h } from '../../shell/dom';
import { toast, toastError } from '../../shell/toast';
import { campaignTabs } from './campaign-tabs';
import { clearErrors, field, formError, input, showErrors, splitList } from './form-kit';

interface Window {
  weekdays: number[];
  hours: { start: string; end: string }[];
}
interface Strategy {
  id: string;
  name: string;
  channels: string[];
  attemptsPerChannel?: number;
  timeZone: string;
  windows: Window[];
  holidays?: string[];
  requiredSkills: string[];
  maxAttempts: number;
  retrySpacingMs: number;
}
interface StrategyVersion {
  strategyId: string;
  version: number;
  strategy: Strategy;
  template: boolean;
  changes: string[];
  note?: string;
  copiedFrom?: string;
  createdBy: string;
  createdAt?: string;
}

const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'UTC'];
const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const enc = encodeURIComponent;

/** "09:00-12:00, 13:00-18:00" ⇄ hour ranges; unreadable parts go to the API as they are, which names them. */
const hoursText = (hs: Window['hours']): string => hs.map((x) => `${x.start}-${x.end}`).join(', ');
const parseHours = (text: string): Window['hours'] =>
  splitList(text).map((part) => {
    const [start = '', end = ''] = part.split(/\s*[-–~]\s*/);
    return { start, end };
  });
const numberOrUndefined = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v));

/** One weekly window: weekday boxes and hour ranges. */
function windowRow(w: Window, onRemove: (row: HTMLElement) => void): HTMLElement {
  const row = h(
    'div',
    { 'data-window': '', style: 'display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-bottom:6px' },
    ...DAYS.map((d) => h('label', { style: 'display:inline-flex;gap:2px' }, h('input', { type: 'checkbox', 'data-day': d, checked: w.weekdays.includes(d) }), t(`strategies.day.${d}` as 'strategies.day.1'))),
    h('input', { 'data-hours': '', type: 'text', value: hoursText(w.hours), placeholder: '09:00-12:00, 13:00-18:00', style: 'width:220px' }),
    h('button.btn.btn-small.btn-ghost', { type: 'button', onclick: () => onRemove(row) }, t('strategies.removeWindow')),
  );
  return row;
}

/** The create / change form; resolves when saved. */
function strategyForm(existing: StrategyVersion | undefined, onSaved: (v: StrategyVersion) => void): HTMLElement {
  const s: Strategy = existing?.strategy ?? {
    id: '',
    name: '',
    channels: ['phone', 'sms'],
    timeZone: 'Asia/Shanghai',
    windows: [{ weekdays: [1, 2, 3, 4, 5], hours: [{ start: '09:00', end: '18:00' }] }],
    requiredSkills: [],
    maxAttempts: 3,
    retrySpacingMs: 3_600_000,
  };
  const windows = h('div', { 'data-testid': 'windows' });
  const addWindow = (w: Window): void => {
    windows.append(windowRow(w, (row) => row.remove()));
  };
  s.windows.forEach(addWindow);
  const zones = h('datalist', { id: 'tp-zones' }, ...ZONES.map((z) => h('option', { value: z })));
  const el = {
    id: input('id', s.id, { disabled: !!existing }),
    name: input('name', s.name),
    channels: input('channels', s.channels.join(', ')),
    attemptsPerChannel: input('attemptsPerChannel', s.attemptsPerChannel?.toString() ?? '', { type: 'number', min: 1 }),
    timeZone: input('timeZone', s.timeZone, { list: 'tp-zones' }),
    holidays: h('textarea', { name: 'holidays', rows: 3, placeholder: '2026-10-01' }, (s.holidays ?? []).join('\n')),
    requiredSkills: input('requiredSkills', s.requiredSkills.join(', ')),
    maxAttempts: input('maxAttempts', String(s.maxAttempts), { type: 'number', min: 1 }),
    retryMinutes: input('retrySpacingMs', String(s.retrySpacingMs / 60_000), { type: 'number', min: 0 }),
    template: h('input', { name: 'template', type: 'checkbox', checked: existing?.template ?? false }),
    note: input('note', ''),
  };
  const form: HTMLFormElement = h(
    'form',
    {
      'data-testid': 'strategy-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void save();
      },
    },
    h('h2', {}, existing ? t('strategies.editTitle', { id: s.id, version: existing.version }) : t('strategies.newTitle')),
    h('div', { style: 'display:grid;grid-template-columns:1fr 1fr;gap:0 16px' }, field('id', t('strategies.id'), el.id), field('name', t('strategies.name'), el.name)),
    h(
      'div',
      { style: 'display:grid;grid-template-columns:2fr 1fr;gap:0 16px' },
      field('channels', t('strategies.channels'), el.channels, t('strategies.channelsHint')),
      field('attemptsPerChannel', t('strategies.attemptsPerChannel'), el.attemptsPerChannel),
    ),
    field('windows', t('strategies.windows'), h('div', {}, windows, h('button.btn.btn-small', { type: 'button', 'data-action': 'add-window', onclick: () => addWindow({ weekdays: [6, 7], hours: [{ start: '10:00', end: '16:00' }] }) }, t('strategies.addWindow'))), t('strategies.windowsHint')),
    h('div', { style: 'display:grid;grid-template-columns:1fr 1fr;gap:0 16px' }, field('timeZone', t('strategies.timeZone'), h('div', {}, el.timeZone, zones)), field('holidays', t('strategies.holidays'), el.holidays, t('strategies.holidaysHint'))),
    field('requiredSkills', t('strategies.skills'), el.requiredSkills),
    h(
      'div',
      { style: 'display:grid;grid-template-columns:1fr 1fr;gap:0 16px' },
      field('maxAttempts', t('strategies.maxAttempts'), el.maxAttempts),
      field('retrySpacingMs', t('strategies.retryMinutes'), el.retryMinutes),
    ),
    h('label', { style: 'display:flex;gap:6px;margin-bottom:12px' }, el.template, t('strategies.template')),
    field('note', existing ? t('strategies.noteRequired') : t('strategies.note'), el.note),
    formError(),
    h('button.btn.btn-primary', { type: 'submit', 'data-action': 'save-strategy' }, t('strategies.save')),
  );

  const collect = (): Record<string, unknown> => ({
    name: el.name.value.trim(),
    channels: splitList(el.channels.value),
    ...(el.attemptsPerChannel.value.trim() ? { attemptsPerChannel: numberOrUndefined(el.attemptsPerChannel.value) } : {}),
    timeZone: el.timeZone.value.trim(),
    windows: Array.from(windows.querySelectorAll<HTMLElement>('[data-window]')).map((row) => ({
      weekdays: Array.from(row.querySelectorAll<HTMLInputElement>('input[data-day]')).filter((c) => c.checked).map((c) => Number(c.dataset.day)),
      hours: parseHours(row.querySelector<HTMLInputElement>('input[data-hours]')!.value),
    })),
    ...(splitList(el.holidays.value).length ? { holidays: splitList(el.holidays.value) } : {}),
    requiredSkills: splitList(el.requiredSkills.value),
    maxAttempts: Number(el.maxAttempts.value),
    retrySpacingMs: Math.round(Number(el.retryMinutes.value) * 60_000),
    template: el.template.checked,
    ...(el.note.value.trim() || existing ? { note: el.note.value.trim() } : {}),
  });
  const save = async (): Promise<void> => {
    clearErrors(form);
    try {
      const body = collect();
      const saved = existing
        ? await api<StrategyVersion>('PUT', `/strategies/${enc(s.id)}`, body)
        : await api<StrategyVersion>('POST', '/strategies', { id: el.id.value.trim(), ...body });
      toast(t('strategies.saved', { id: saved.strategyId, version: saved.version }), 'success');
      onSaved(saved);
    } catch (err) {
      showErrors(form, err);
    }
  };
  return form;
}

function versionsView(versions: StrategyVersion[]): HTMLElement {
  return h(
    'div',
    { 'data-testid': 'strategy-versions' },
    h('h2', {}, t('strategies.history', { id: versions[0]?.strategyId ?? '' })),
    h(
      'table.data-table',
      {},
      h('thead', {}, h('tr', {}, ...['strategies.version', 'strategies.when', 'strategies.who', 'strategies.changes', 'strategies.note'].map((k) => h('th', {}, t(k as 'strategies.version'))))),
      h(
        'tbody',
        {},
        ...versions.map((v) =>
          h(
            'tr',
            { 'data-version': v.version },
            h('td', {}, `v${v.version}`),
            h('td', {}, formatDate(v.createdAt)),
            h('td', {}, v.createdBy),
            h('td', {}, v.copiedFrom ? t('strategies.copiedFrom', { from: v.copiedFrom }) : v.changes.join(', ')),
            h('td', {}, v.note ?? ''),
          ),
        ),
      ),
    ),
  );
}

/** The strategies screen. */
export function strategiesPage(root: HTMLElement): void {
  const list = h('div.card');
  const detail = h('div.card', { style: 'margin-top:12px' });
  const open = (v: StrategyVersion | undefined): void => {
    detail.replaceChildren(
      strategyForm(v, (saved) => {
        void load();
        open(saved);
      }),
    );
  };
  const copy = async (v: StrategyVersion): Promise<void> => {
    const values = await askFor(t('strategies.copyTitle', { id: v.strategyId }), [
      { name: 'id', label: t('strategies.id'), required: true },
      { name: 'name', label: t('strategies.name') },
    ]);
    if (!values) return;
    try {
      const created = await api<StrategyVersion>('POST', `/strategies/${enc(v.strategyId)}/copy`, { id: values.id, ...(values.name ? { name: values.name } : {}) });
      await load();
      open(created);
    } catch (err) {
      toastError(err);
    }
  };
  const history = async (v: StrategyVersion): Promise<void> => {
    try {
      detail.replaceChildren(versionsView(await api<StrategyVersion[]>('GET', `/strategies/${enc(v.strategyId)}/versions`)));
    } catch (err) {
      toastError(err);
    }
  };
  const load = async (): Promise<void> => {
    try {
      const all = asList<StrategyVersion>(await api('GET', '/strategies'));
      list.replaceChildren(
        all.length === 0
          ? h('p.muted', {}, t('strategies.none'))
          : h(
              'table.data-table',
              { 'data-testid': 'strategies' },
              h('thead', {}, h('tr', {}, ...['strategies.id', 'strategies.name', 'strategies.version', 'strategies.channels', ''].map((k) => h('th', {}, k ? t(k as 'strategies.id') : '')))),
              h(
                'tbody',
                {},
                ...all.map((v) =>
                  h(
                    'tr',
                    { 'data-strategy': v.strategyId },
                    h('td', {}, v.strategyId, v.template ? h('span.pill', { style: 'margin-left:6px' }, t('strategies.templateBadge')) : null),
                    h('td', {}, v.strategy.name),
                    h('td', {}, `v${v.version}`),
                    h('td', {}, v.strategy.channels.join(' → ')),
                    h(
                      'td',
                      {},
                      h('button.btn.btn-small', { 'data-action': 'edit', onclick: () => open(v) }, t('strategies.edit')),
                      h('button.btn.btn-small.btn-ghost', { 'data-action': 'versions', onclick: () => void history(v) }, t('strategies.versions')),
                      h('button.btn.btn-small.btn-ghost', { 'data-action': 'copy', onclick: () => void copy(v) }, v.template ? t('strategies.useTemplate') : t('strategies.copy')),
                    ),
                  ),
                ),
              ),
            ),
      );
    } catch (err) {
      toastError(err);
    }
  };
  root.append(
    h(
      'div.page',
      {},
      campaignTabs('strategies'),
      h('div.toolbar', {}, h('h1.page-title', {}, t('strategies.title')), h('span.spacer'), h('button.btn.btn-primary', { 'data-action': 'new-strategy', onclick: () => open(undefined) }, t('strategies.new'))),
      list,
      detail,
    ),
  );
  void load();
}
