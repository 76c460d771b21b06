/**
 * The SLA clocks of a complaint: per round, the reply and resolution deadlines with their state,
 * warning instant, business time left (from the API, counted on the clock's calendar), the
 * business time spent paused, and the periods the complaint waited for the customer.
 */
import { formatDate, t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { hoursMinutes, label, slaBadge } from './complaint-badges';
import type { ClockView, ComplaintDetail } from './complaint-types';

function remaining(c: ClockView): string {
  if (c.stoppedAt) return t('complaints.clock.stopped', { at: formatDate(c.stoppedAt) });
  if (c.remainingBusinessMs === undefined) return '';
  if (c.remainingBusinessMs < 0) return t('complaints.clock.overdue', { d: hoursMinutes(c.remainingBusinessMs) });
  const left = hoursMinutes(c.remainingBusinessMs);
  return c.pausedAt ? `${left} · ${t('complaints.clock.pausedSince', { at: formatDate(c.pausedAt) })}` : left;
}

/** Waiting periods read from the timeline: each question to the customer until their answer. */
export function pausePeriods(d: ComplaintDetail): { from: string; to?: string }[] {
  const out: { from: string; to?: string }[] = [];
  for (const e of d.timeline) {
    if (e.kind === 'asked-customer') out.push({ from: e.at });
    else if (e.kind === 'customer-answered' && out.length && !out[out.length - 1].to) out[out.length - 1].to = e.at;
  }
  return out;
}

export function clocksView(d: ComplaintDetail): HTMLElement {
  if (d.clocks.length === 0) return h('p.muted', { 'data-testid': 'sla-clocks' }, t('complaints.noClocks'));
  const clocks = [...d.clocks].sort((a, b) => b.round - a.round || a.name.localeCompare(b.name));
  const pauses = pausePeriods(d);
  return h(
    'div',
    { 'data-testid': 'sla-clocks' },
    h(
      'table.data-table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[t('complaints.round'), '', t('complaints.col.sla'), t('complaints.clock.due'), t('complaints.clock.warnAt'), t('complaints.clock.remaining'), t('complaints.clock.pausedTotal'), t('complaints.clock.calendar')].map((l) =>
            h('th', {}, l),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...clocks.map((c) =>
          h(
            'tr',
            { 'data-clock': c.name, 'data-round': c.round, 'data-state': c.state },
            h('td', {}, c.round),
            h('td', {}, h('strong', {}, t(`complaints.clock.${c.name}`))),
            h('td', {}, slaBadge(c.state)),
            h('td', { 'data-testid': 'clock-due' }, formatDate(c.dueAt)),
            h('td', {}, formatDate(c.warnAt)),
            h('td', { 'data-testid': 'clock-remaining' }, remaining(c)),
            h('td', {}, hoursMinutes(c.pausedBusinessMs)),
            h('td', {}, c.calendarId ?? ''),
          ),
        ),
      ),
    ),
    pauses.length
      ? h(
          'div',
          { 'data-testid': 'sla-pauses' },
          h('h3', {}, t('complaints.pauses')),
          h('ul', {}, ...pauses.map((p) => h('li', {}, p.to ? `${formatDate(p.from)} – ${formatDate(p.to)}` : t('complaints.pause.open', { from: formatDate(p.from) })))),
        )
      : null,
  );
}

/** A classification as the screens show it: kind / category / priority, translated where known. */
export function classification(c: { kind?: string; category?: string; priority?: string }): string {
  return [label('complaints.kind', c.kind), c.category, label('complaints.priority', c.priority)].filter(Boolean).join(' / ');
}

/** The record's timeline (intake to closure, escalations included), oldest first. */
export function timelineView(d: ComplaintDetail): HTMLElement {
  const entries = [...d.timeline].sort((a, b) => a.at.localeCompare(b.at));
  const escalated = (at: string, kind: string): string => {
    const e = d.escalations.find((x) => x.at === at && `sla-${x.kind}` === kind);
    return e ? `→ ${e.recipients.join(', ')}` : '';
  };
  return h(
    'ol.timeline',
    { 'data-testid': 'complaint-timeline', style: 'max-height:none' },
    ...entries.map((e) => {
      const key = `complaints.event.${e.kind}` as 'complaints.event.received';
      const name = t(key) === key ? e.kind : t(key);
      const override = e.kind === 'reclassified' ? d.overrides?.find((o) => Date.parse(o.at) === Date.parse(e.at)) : undefined;
      if (override) {
        return h(
          'li',
          { 'data-event': e.kind },
          h('span.timeline-dot', { style: 'background:#a86200' }),
          h('div.timeline-time', {}, formatDate(e.at)),
          h(
            'div.timeline-body',
            { 'data-testid': 'override-entry' },
            h('strong', {}, name),
            ' ',
            h('span', { 'data-testid': 'override-change' }, `${classification(override.from)} → ${classification(override.to)}`),
            h(
              'div.muted',
              {},
              t('complaints.override.by', { by: override.by, at: formatDate(override.at) }),
              d.ruleResult ? ` · ${t('complaints.override.rules', { rule: classification(d.ruleResult) })}` : '',
            ),
          ),
        );
      }
      return h(
        'li',
        { 'data-event': e.kind },
        h('span.timeline-dot', { style: e.kind.startsWith('sla-') ? 'background:#d64550' : undefined }),
        h('div.timeline-time', {}, formatDate(e.at)),
        h('div.timeline-body', {}, h('strong', {}, name), ' ', h('span.muted', {}, [e.detail, e.actor, escalated(e.at, e.kind)].filter(Boolean).join(' · '))),
      );
    }),
  );
}
