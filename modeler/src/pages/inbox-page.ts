import { toTask } from '../api/adapters';
import { api, asList, currentUser, isMe } from '../api/client';
import { type Task } from '../api/types';
import { formatDate, t } from '../i18n/i18n';
import { h } from '../shell/dom';
import { hashQuery } from '../shell/router';
import { toast, toastError } from '../shell/toast';
import { renderTaskForm } from './task-form';

type Filter = 'mine' | 'open' | 'all';

/** The agent's inbox: filtered list on the left, the selected task's form on the right. */
export function inboxPage(root: HTMLElement, params: Record<string, string>): () => void {
  const filter = (hashQuery().get('filter') as Filter | null) ?? 'all';
  const listEl = h('div.inbox-list', { 'data-testid': 'task-list' });
  const detailEl = h('div.card.inbox-detail', {}, h('p.muted', {}, t('inbox.select')));
  let destroyForm: (() => void) | undefined;
  let tasks: Task[] = [];
  const me = currentUser()?.username;

  const tabs = h(
    'div.tabs',
    {},
    ...(['mine', 'open', 'all'] as Filter[]).map((f) => h(`a${f === filter ? '.active' : ''}`, { href: `#/tasks${params.id ? `/${params.id}` : ''}?filter=${f}` }, t(`inbox.${f}`))),
  );
  root.append(h('div.page', {}, h('div.toolbar', {}, h('h1.page-title', {}, t('inbox.title')), tabs, h('span.spacer'), h('button.btn', { onclick: () => void load() }, t('common.refresh'))), h('div.inbox', {}, listEl, detailEl)));

  const isOpen = (task: Task): boolean => !['completed', 'cancelled'].includes((task.status ?? task.state ?? '').toLowerCase());

  const select = async (task: Task): Promise<void> => {
    destroyForm?.();
    destroyForm = undefined;
    listEl.querySelectorAll('.task-item').forEach((el) => el.classList.toggle('active', (el as HTMLElement).dataset.task === task.id));
    const formEl = h('div.task-form', { 'data-testid': 'task-form' });
    const mine = isMe(task.assignee);
    const actions = h(
      'div.dialog-actions',
      {},
      task.assignee && mine
        ? h('button.btn', { 'data-action': 'unclaim', onclick: () => void act(task, 'unclaim') }, t('inbox.unclaim'))
        : h('button.btn', { 'data-action': 'claim', onclick: () => void act(task, 'claim') }, t('inbox.claim')),
      h('button.btn.btn-primary', { 'data-action': 'complete', disabled: !isOpen(task) }, t('inbox.complete')),
    );
    detailEl.replaceChildren(
      h('h2', {}, task.name ?? task.elementId ?? task.id),
      h(
        'dl.kv',
        {},
        h('dt', {}, t('inbox.case')),
        h('dd', {}, task.caseId ? h('a', { href: `#/cases/${encodeURIComponent(task.caseId)}` }, task.caseId) : ''),
        h('dt', {}, t('inbox.assignee')),
        h('dd', {}, mine ? (me ?? '') : (task.assignee ?? '—')),
        h('dt', {}, t('inbox.groups')),
        h('dd', {}, (task.candidateGroups ?? []).join(', ') || '—'),
        h('dt', {}, t('inbox.due')),
        h('dd', {}, formatDate(task.dueAt) || '—'),
      ),
      formEl,
      actions,
    );
    try {
      const form = await renderTaskForm(formEl, task);
      destroyForm = () => form.destroy();
      actions.querySelector('[data-action=complete]')!.addEventListener('click', () => {
        const data = form.submit();
        if (data) void act(task, 'complete', { data });
      });
    } catch (err) {
      toastError(err);
    }
  };

  const act = async (task: Task, action: 'claim' | 'unclaim' | 'complete', body: Record<string, unknown> = {}): Promise<void> => {
    try {
      const answer = await api<Record<string, unknown> | undefined>('POST', `/tasks/${encodeURIComponent(task.id)}/${action}`, body);
      const updated = answer && typeof answer === 'object' && 'taskId' in answer ? toTask(answer) : undefined;
      if (action === 'complete') {
        toast(t('inbox.completed'), 'success');
        destroyForm?.();
        destroyForm = undefined;
        detailEl.replaceChildren(h('p.muted', {}, t('inbox.completed')), task.caseId ? h('a.btn', { href: `#/cases/${encodeURIComponent(task.caseId)}`, 'data-action': 'open-case' }, `${t('inbox.case')} →`) : '');
        await load(false);
      } else {
        await load(false);
        const fresh = tasks.find((x) => x.id === task.id) ?? { ...task, ...(updated ?? {}) };
        await select(fresh);
      }
    } catch (err) {
      toastError(err);
    }
  };

  const load = async (selectFromRoute = true): Promise<void> => {
    try {
      const myId = currentUser()?._id ?? me;
      const query = filter === 'mine' && myId ? `?assignee=${encodeURIComponent(myId)}` : '';
      tasks = asList<Record<string, unknown>>(await api('GET', `/tasks${query}`)).map(toTask).filter(isOpen).filter((x) => filter !== 'open' || !x.assignee);
    } catch (err) {
      toastError(err);
      tasks = [];
    }
    listEl.replaceChildren(
      ...(tasks.length
        ? tasks.map((task) =>
            h(
              'button.task-item',
              { 'data-task': task.id, onclick: () => void select(task) },
              h('strong', {}, task.name ?? task.elementId ?? task.id),
              h('span.muted', {}, [task.processName, isMe(task.assignee) ? me : (task.assignee ?? (task.candidateGroups ?? []).join(', '))].filter(Boolean).join(' · ')),
              h('span.muted.small', {}, formatDate(task.createdAt)),
            ),
          )
        : [h('p.empty', {}, t('common.empty'))]),
    );
    const wanted = selectFromRoute && params.id ? tasks.find((x) => x.id === params.id) : undefined;
    if (wanted) await select(wanted);
  };

  void load();
  return () => destroyForm?.();
}
