/**
 * Campaigns: the plans with a live progress bar (polled every two seconds while a plan runs), the
 * lifecycle buttons the API allows for each status, a plan's evaluation figures and charts, the
 * follow-up plan of a finished one, a recurring plan's occurrences (live), an operator's action on one contact of a running one, and the form that creates a plan or changes one that has not started.
 */
import { api, asList, currentUser } from '../../api/client';
import { formatDate, t } from '../../i18n/i18n';
import { askFor } from '../../shell/dialog';
import { livePoll, type PollResult } from '../../shell/live-poll';
import { h } from '../../shell/dom';
import { toast, toastError } from '../../shell/toast';
import { campaignTabs } from './campaign-tabs';
import { planForm, type EditablePlan } from './plan-form';

interface Counts {
  targets: number;
  done: number;
  reached: number;
  unreachable: number;
  failed: number;
  expired?: number;
  cancelled?: number;
  inProgress: number;
}
interface Plan {
  _id: string;
  name: string;
  status: 'created' | 'started' | 'paused' | 'finished' | 'cancelled';
  targets: number;
  startAt?: string;
  createdAt?: string;
  cycle?: { kind: 'once' | 'recurring'; cron?: string; every?: string; timeZone?: string };
}
/** A recurring plan's Schedule and its latest occurrences (GET /plans/:id/runs). */
interface Runs {
  paused: boolean;
  nextRunAt?: string;
  occurrencesStarted: number;
  skippedOverlapping: number;
  occurrences: { runId: string; scheduledAt?: string; startedAt?: string; running: boolean; progress: Counts | null }[];
}
interface Group {
  attempts: number;
  reached: number;
  completed: number;
  reachRate: number;
  completionRate: number;
}
interface Evaluation {
  targets: number;
  attempts: number;
  reachRate: number;
  completionRate: number;
  satisfaction?: { responses: number; averageScore: number; satisfiedRate: number };
  needsMet: { judged: number; rate: number };
  goal: { achieved: number; rate: number };
  perChannel: Record<string, Group>;
  perWindow: Record<string, Group>;
}

const ACTIONS: Record<Plan['status'], ('start' | 'pause' | 'resume' | 'cancel')[]> = {
  created: ['start', 'cancel'],
  started: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  finished: [],
  cancelled: [],
};
const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

/** A bar: reached (green), unreachable/failed (red), in progress (blue) out of the targets. */
function progressBar(c: Counts): HTMLElement {
  const of = Math.max(1, c.targets);
  const bad = c.unreachable + c.failed + (c.expired ?? 0) + (c.cancelled ?? 0);
  return h(
    'div.tp-progress',
    { 'data-testid': 'plan-progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': c.targets, 'aria-valuenow': c.done, style: 'height:10px;background:#eef1f6;border-radius:5px;overflow:hidden;white-space:nowrap' },
    h('span', { style: `display:inline-block;height:100%;width:${(100 * c.reached) / of}%;background:#2e9d6b` }),
    h('span', { style: `display:inline-block;height:100%;width:${(100 * bad) / of}%;background:#d64550` }),
    h('span', { style: `display:inline-block;height:100%;width:${(100 * c.inProgress) / of}%;background:#3d7bf5` }),
  );
}

function figures(c: Counts): HTMLElement {
  return h('small.muted', {}, t('campaigns.figures', { done: c.done, targets: c.targets, reached: c.reached, unreachable: c.unreachable, failed: c.failed, inProgress: c.inProgress }));
}

function groupTable(title: string, groups: Record<string, Group>): HTMLElement {
  return h(
    'table.table',
    {},
    h('thead', {}, h('tr', {}, h('th', {}, title), h('th', {}, t('campaigns.attempts')), h('th', {}, t('campaigns.reachRate')), h('th', {}, t('campaigns.completionRate')))),
    h('tbody', {}, ...Object.entries(groups).map(([k, g]) => h('tr', {}, h('td', {}, k), h('td', {}, g.attempts), h('td', {}, pct(g.reachRate)), h('td', {}, pct(g.completionRate))))),
  );
}

function evaluationView(e: Evaluation): HTMLElement {
  const tile = (label: string, value: string): HTMLElement => h('div.card', { style: 'display:inline-block;margin:4px;padding:8px 12px' }, h('div.muted', {}, label), h('strong', {}, value));
  return h(
    'div',
    { 'data-testid': 'plan-evaluation' },
    tile(t('campaigns.reachRate'), pct(e.reachRate)),
    tile(t('campaigns.completionRate'), pct(e.completionRate)),
    tile(t('campaigns.satisfaction'), e.satisfaction ? `${pct(e.satisfaction.satisfiedRate)} (${e.satisfaction.averageScore.toFixed(2)})` : '–'),
    tile(t('campaigns.needsMet'), e.needsMet.judged ? pct(e.needsMet.rate) : '–'),
    tile(t('campaigns.goal'), pct(e.goal.rate)),
    groupTable(t('campaigns.channel'), e.perChannel),
    groupTable(t('campaigns.window'), e.perWindow),
  );
}

function runsView(r: Runs): HTMLElement {
  return h(
    'div',
    { 'data-testid': 'plan-runs' },
    h(
      'p',
      { 'data-testid': 'runs-schedule' },
      r.paused ? h('span.pill', {}, t('campaigns.status.paused')) : null,
      ' ',
      t('campaigns.runsSummary', { started: r.occurrencesStarted, skipped: r.skippedOverlapping }),
      r.nextRunAt ? ` · ${t('campaigns.nextRun', { at: formatDate(r.nextRunAt) })}` : '',
    ),
    r.occurrences.length === 0
      ? h('p.muted', {}, t('campaigns.noRuns'))
      : h(
          'table.table',
          {},
          h('thead', {}, h('tr', {}, h('th', {}, t('campaigns.run')), h('th', {}, t('campaigns.status')), h('th', {}, t('campaigns.progress')))),
          h(
            'tbody',
            {},
            ...r.occurrences.map((o) =>
              h(
                'tr',
                { 'data-run': o.runId, 'data-running': String(o.running) },
                h('td', {}, h('code', {}, o.runId), h('div.muted', {}, formatDate(o.scheduledAt ?? o.startedAt))),
                h('td', {}, t(o.running ? 'campaigns.running' : 'campaigns.ended')),
                h('td', { style: 'min-width:220px' }, o.progress ? [progressBar(o.progress), figures(o.progress)] : '—'),
              ),
            ),
          ),
        ),
  );
}

/** The plans list with live progress, lifecycle actions and the evaluation of a selected plan. */
export function campaignsPage(root: HTMLElement): () => void {
  const list = h('div.card');
  const detail = h('div.card');
  let timer: number | undefined;
  let stopped = false;
  /** Plan settings are the process owners' (and admins'): the API's WRITERS. */
  const mayChange = (currentUser()?.roles ?? []).some((r) => r === 'admin' || r === 'process-owner');
  /** Running plans are steered by operators too. */
  const maySteer = (currentUser()?.roles ?? []).some((r) => r === 'admin' || r === 'process-owner' || r === 'operator');

  const act = async (plan: Plan, action: string): Promise<void> => {
    try {
      await api('POST', `/plans/${encodeURIComponent(plan._id)}/${action}`, {});
    } catch (err) {
      toastError(err);
    }
    await load();
  };
  /** Issues a customer link for one target of the plan and shows it to copy and send. */
  const issueLink = async (plan: Plan): Promise<void> => {
    const values = await askFor(t('customerLink.issueTitle', { plan: plan.name }), [
      { name: 'customerId', label: t('customerLink.customer'), required: true },
      { name: 'questionnaireCode', label: t('customerLink.questionnaire') },
    ]);
    if (!values) return;
    try {
      const link = await api<{ path: string; expiresAt: number; customerId: string }>('POST', '/customer-link/tokens', {
        planId: plan._id,
        customerId: values.customerId,
        ...(values.questionnaireCode ? { questionnaireCode: values.questionnaireCode } : {}),
      });
      const url = `${location.origin}${location.pathname}${link.path.replace(/^\//, '')}`;
      detail.replaceChildren(
        h('h2', {}, t('customerLink.issued', { customer: link.customerId })),
        h('input', { type: 'text', readonly: true, value: url, 'data-testid': 'customer-link-url', style: 'width:100%' }),
        h('p.muted', {}, t('customerLink.expires', { at: formatDate(link.expiresAt) })),
      );
    } catch (err) {
      toastError(err);
    }
  };
  /** Opens a created plan's settings in the plan form (PATCH /plans/:id). */
  const editPlan = async (plan: Plan): Promise<void> => {
    try {
      const full = await api<EditablePlan>('GET', `/plans/${encodeURIComponent(plan._id)}`);
      clearCharts();
      detail.replaceChildren(
        planForm(() => {
          detail.replaceChildren();
          void load();
        }, full),
      );
      detail.scrollIntoView();
    } catch (err) {
      toastError(err);
    }
  };
  /** An operator's action on one customer's contact of a running plan: attempt now, or stop it (with a reason). */
  const intervene = async (plan: Plan): Promise<void> => {
    const values = await askFor(t('campaigns.interveneTitle', { plan: plan.name }), [
      { name: 'customerId', label: t('customerLink.customer'), required: true },
      { name: 'action', label: t('campaigns.interveneAction'), options: (['attempt-now', 'stop'] as const).map((a) => ({ value: a, label: t(`campaigns.intervene.${a}`) })) },
      { name: 'reason', label: t('campaigns.interveneReason'), required: true, multiline: true },
    ]);
    if (!values) return;
    try {
      await api('POST', `/plans/${encodeURIComponent(plan._id)}/contacts/${encodeURIComponent(values.customerId)}/intervene`, { action: values.action, reason: values.reason });
      toast(t('campaigns.intervened', { customer: values.customerId }), 'success');
      await load();
    } catch (err) {
      toastError(err);
    }
  };
  /** Closes the loop: a new plan over the customers this one did not reach or did not satisfy. */
  const followUp = async (plan: Plan): Promise<void> => {
    const include = [['not-reached', 'not-satisfied'], ['not-reached'], ['not-satisfied'], ['not-completed'], ['not-reached', 'not-completed', 'not-satisfied']];
    const values = await askFor(t('campaigns.followUpTitle', { plan: plan.name }), [
      { name: 'code', label: t('planForm.code'), required: true },
      { name: 'name', label: t('planForm.name') },
      { name: 'include', label: t('campaigns.followUpWho'), options: include.map((set) => ({ value: set.join(','), label: set.map((k) => t(`campaigns.followUp.${k}` as 'campaigns.followUp.not-reached')).join(' + ') })) },
    ]);
    if (!values) return;
    try {
      const created = await api<{ _id: string; targets: number }>('POST', `/plans/${encodeURIComponent(plan._id)}/follow-up`, {
        code: values.code,
        ...(values.name ? { name: values.name } : {}),
        include: values.include.split(','),
      });
      toast(t('planForm.created', { id: created._id, targets: created.targets }), 'success');
      await load();
    } catch (err) {
      toastError(err);
    }
  };
  /** Disposes what the detail card runs (charts, the runs poll) when the detail changes or the page is left. */
  let disposeCharts: (() => void)[] = [];
  const clearCharts = (): void => {
    disposeCharts.forEach((d) => d());
    disposeCharts = [];
  };
  /** A recurring plan's occurrences, kept live while shown. */
  const showRuns = (plan: Plan): void => {
    clearCharts();
    const body = h('div', {}, h('p.muted', {}, t('common.loading')));
    detail.replaceChildren(h('h2', {}, `${t('campaigns.runs')}: ${plan.name}`), body);
    let shown = '';
    const read = async (): Promise<PollResult> => {
      const r = await api<Runs>('GET', `/plans/${encodeURIComponent(plan._id)}/runs`);
      const json = JSON.stringify(r);
      if (json === shown || !body.isConnected) return { changed: false };
      shown = json;
      body.replaceChildren(runsView(r));
      return { changed: true, ...(r.nextRunAt ? { wakeAt: Date.parse(r.nextRunAt) } : {}) };
    };
    const live = livePoll(read, { minMs: 2000, maxMs: 10_000 });
    live.now();
    disposeCharts.push(() => live.stop());
  };
  const showEvaluation = async (plan: Plan): Promise<void> => {
    try {
      const e = await api<Evaluation>('GET', `/plans/${encodeURIComponent(plan._id)}/evaluation`);
      clearCharts();
      const byChannel = h('div', { 'data-testid': 'chart-channel', style: 'height:240px' });
      const byWindow = h('div', { 'data-testid': 'chart-window', style: 'height:240px' });
      detail.replaceChildren(
        h('h2', {}, `${t('campaigns.evaluation')}: ${plan.name}`),
        evaluationView(e),
        h(
          'div',
          { style: 'display:grid;grid-template-columns:1fr 1fr;gap:12px;margin-top:8px' },
          h('div', {}, h('h3', {}, t('campaigns.channel')), byChannel),
          h('div', {}, h('h3', {}, t('campaigns.window')), byWindow),
        ),
      );
      const { drawRateChart } = await import('./evaluation-charts');
      if (stopped || !byChannel.isConnected) return;
      const labels = { reach: t('campaigns.reachRate'), completion: t('campaigns.completionRate') };
      disposeCharts.push(drawRateChart(byChannel, e.perChannel, labels), drawRateChart(byWindow, e.perWindow, labels));
    } catch (err) {
      toastError(err);
    }
  };

  const load = async (): Promise<void> => {
    if (stopped) return;
    window.clearTimeout(timer);
    try {
      const plans = asList<Plan>(await api('GET', '/plans'));
      const progress = await Promise.all(
        plans.map((p) => (p.status === 'created' ? Promise.resolve(undefined) : api<Counts>('GET', `/plans/${encodeURIComponent(p._id)}/progress`).catch(() => undefined))),
      );
      list.replaceChildren(
        plans.length === 0
          ? h('p.muted', {}, t('campaigns.none'))
          : h(
              'table.table',
              {},
              h('thead', {}, h('tr', {}, ...['campaigns.plan', 'campaigns.status', 'campaigns.progress', 'campaigns.created', ''].map((k) => h('th', {}, k ? t(k as 'campaigns.plan') : '')))),
              h(
                'tbody',
                {},
                ...plans.map((p, i) => {
                  const c = progress[i] ?? { targets: p.targets, done: 0, reached: 0, unreachable: 0, failed: 0, inProgress: 0 };
                  return h(
                    'tr',
                    { 'data-plan': p._id },
                    h('td', {}, h('strong', {}, p.name), h('div.muted', {}, p._id)),
                    h('td', {}, h(`span.pill.pill-${p.status}`, {}, t(`campaigns.status.${p.status}`))),
                    h('td', { style: 'min-width:220px' }, progressBar(c), figures(c)),
                    h('td', {}, formatDate(p.createdAt)),
                    h(
                      'td',
                      {},
                      ...ACTIONS[p.status].map((a) => h('button.btn.btn-small', { 'data-action': a, onclick: () => void act(p, a) }, t(`campaigns.action.${a}`))),
                      (p.status === 'started' || p.status === 'paused') && maySteer ? h('button.btn.btn-small.btn-ghost', { 'data-action': 'intervene', onclick: () => void intervene(p) }, t('campaigns.intervene')) : null,
                      p.status === 'created' && mayChange ? h('button.btn.btn-small.btn-ghost', { 'data-action': 'edit', onclick: () => void editPlan(p) }, t('planForm.edit')) : null,
                      (p.status === 'finished' || p.status === 'cancelled') && mayChange ? h('button.btn.btn-small.btn-ghost', { 'data-action': 'follow-up', onclick: () => void followUp(p) }, t('campaigns.followUp')) : null,
                      h('button.btn.btn-small.btn-ghost', { 'data-action': 'link', onclick: () => void issueLink(p) }, t('customerLink.issue')),
                      p.cycle?.kind === 'recurring' && p.status !== 'created' ? h('button.btn.btn-small.btn-ghost', { 'data-action': 'runs', onclick: () => showRuns(p) }, t('campaigns.runs')) : null,
                      p.status !== 'created' ? h('button.btn.btn-small.btn-ghost', { 'data-action': 'evaluate', onclick: () => void showEvaluation(p) }, t('campaigns.evaluation')) : null,
                    ),
                  );
                }),
              ),
            ),
      );
      if (plans.some((p) => p.status === 'started' || p.status === 'paused')) timer = window.setTimeout(() => void load(), 2000);
    } catch (err) {
      toastError(err);
    }
  };

  const newPlan = (): void => {
    clearCharts();
    detail.replaceChildren(
      planForm((id) => {
        detail.replaceChildren();
        void load().then(() => document.querySelector(`tr[data-plan="${CSS.escape(id)}"]`)?.scrollIntoView());
      }),
    );
  };
  root.append(
    h(
      'div.page',
      {},
      campaignTabs('plans'),
      h(
        'div.toolbar',
        {},
        h('h1.page-title', {}, t('campaigns.title')),
        h('span.spacer'),
        h('button.btn.btn-primary', { 'data-action': 'new-plan', onclick: newPlan }, t('planForm.new')),
        h('button.btn', { onclick: () => void load() }, t('common.refresh')),
      ),
      list,
      detail,
    ),
  );
  void load();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    clearCharts();
  };
}
