import { type CaseDetail, type TrailEntry } from '../../api/types';
import { formatDate, t } from '../../i18n/i18n';
import { h } from '../../shell/dom';

/** The trail as a vertical timeline, oldest first. */
export function trailTimeline(trail: TrailEntry[], nameOf: (id: string) => string): HTMLElement {
  if (!trail.length) return h('p.muted', {}, t('common.empty'));
  return h(
    'ol.timeline',
    {},
    ...trail.map((e) =>
      h(
        'li',
        {},
        h('span.timeline-dot'),
        h('div.timeline-time', {}, formatDate(e.at ?? e.time)),
        h('div.timeline-body', {}, h('strong', {}, e.elementName ?? (e.elementId ? nameOf(e.elementId) : '')), ' ', h('span.muted', {}, [e.event ?? e.type, e.actor, e.detail].filter(Boolean).join(' · '))),
      ),
    ),
  );
}

/** Case variables as a key/value list; nested values as JSON. */
export function variablesList(vars: Record<string, unknown> | undefined): HTMLElement {
  const entries = Object.entries(vars ?? {});
  if (!entries.length) return h('p.muted', {}, t('common.empty'));
  return h('dl.kv', {}, ...entries.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, h('code', {}, typeof v === 'string' ? v : JSON.stringify(v)))]));
}

/** Tokens, incidents and open tasks. */
export function positionList(detail: CaseDetail, nameOf: (id: string) => string): HTMLElement {
  const tokens = detail.tokens ?? [];
  const incidents = detail.incidents ?? [];
  const tasks = (detail.tasks ?? []).filter((tk) => !['completed', 'cancelled'].includes((tk.status ?? tk.state ?? '').toLowerCase()));
  return h(
    'div',
    {},
    h('ul.plain', { 'data-testid': 'tokens' }, ...tokens.map((tk) => h('li', { 'data-token': tk.elementId }, h('span.token-dot'), nameOf(tk.elementId), h('span.muted', {}, ` ${[tk.state, tk.waitingFor].filter(Boolean).join(' · ')}`)))),
    incidents.length
      ? h('ul.plain.incidents', {}, ...incidents.map((i) => h('li', {}, '⚠ ', h('strong', {}, i.elementId ? nameOf(i.elementId) : ''), ' ', i.message ?? i.type ?? '')))
      : h('p.muted', {}, t('case.noIncidents')),
    tasks.length ? h('div', {}, h('h4', {}, t('case.tasks')), h('ul.plain', {}, ...tasks.map((tk) => h('li', {}, h('a', { href: `#/tasks/${encodeURIComponent(tk.id)}` }, tk.name ?? tk.elementId ?? tk.id), ' ', h('span.muted', {}, tk.assignee ?? (tk.candidateGroups ?? []).join(', ')))))) : null,
  );
}
