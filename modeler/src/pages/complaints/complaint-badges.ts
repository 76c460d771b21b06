/** Small pieces shared by the complaint screens: coloured SLA badge, status pill, tabs, role check. */
import { currentUser } from '../../api/client';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/en';
import { h } from '../../shell/dom';

/** Colours per SLA state: calm while running, amber at warning, red once breached. */
const SLA_COLOURS: Record<string, [string, string]> = {
  running: ['#e6f0ff', '#2563eb'],
  paused: ['#eef1f6', '#5b6475'],
  warning: ['#fff4d6', '#a86200'],
  breached: ['#fde8ea', '#c0263a'],
  met: ['#e3f5ec', '#1d7a4d'],
  'met-late': ['#fbeee0', '#b4541c'],
};

/** Translates `prefix.value`, falling back to the raw value for values the UI does not know. */
export function label(prefix: string, value: string | undefined): string {
  if (!value) return '';
  const key = `${prefix}.${value}` as MessageKey;
  const text = t(key);
  return text === key ? value : text;
}

export function slaBadge(state: string): HTMLElement {
  const [bg, fg] = SLA_COLOURS[state] ?? ['#eef1f6', '#5b6475'];
  return h('span.pill.sla-badge', { 'data-sla': state, style: `background:${bg};color:${fg}` }, label('complaints.sla', state));
}

export function statusPill(status: string): HTMLElement {
  return h('span.pill.complaint-status', { 'data-status': status }, label('complaints.status', status));
}

/** Whether the signed-in user may change complaints (agents, operators, admins; not auditors or process owners). */
export function canHandle(): boolean {
  const roles = currentUser()?.roles ?? [];
  return roles.some((r) => r === 'admin' || r === 'operator' || r === 'agent');
}

/** Tabs between the complaint screens; the new-complaint tab only for those who may submit. */
export function complaintTabs(active: 'list' | 'new' | 'reports'): HTMLElement {
  const tab = (id: 'list' | 'new' | 'reports', hash: string): HTMLElement =>
    h(`a${id === active ? '.active' : ''}`, { href: hash, 'data-tab': id }, t(`complaints.tab.${id}`));
  return h('nav.tabs', {}, tab('list', '#/complaints'), canHandle() ? tab('new', '#/complaints/new') : null, tab('reports', '#/complaints/reports'));
}

/** A business duration as hours and minutes (business time is counted in working hours). */
export function hoursMinutes(ms: number): string {
  const total = Math.round(Math.abs(ms) / 60_000);
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  return hours ? `${t('duration.h', { n: hours })} ${t('duration.min', { n: minutes })}` : t('duration.min', { n: minutes });
}
