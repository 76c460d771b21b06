/**
 * The branching of a questionnaire drawn and edited as a tree: from the first question, each option
 * is an edge to the question it leads to ("next question"), and a question's default edge covers
 * the options without their own. Choosing a target in an edge's list changes the branch. A question
 * reached twice is drawn once and referred to after that; questions no branch reaches are listed.
 */
import { END, type Question, type Questionnaire } from '../../../../core/questionnaire/types';
import { t } from '../../i18n/i18n';
import { h } from '../../shell/dom';

/** Where a question goes by default: its `next`, else the following question, else the end. */
export function defaultTarget(q: Questionnaire, index: number): string {
  return q.questions[index].next ?? q.questions[index + 1]?.id ?? END;
}

const label = (x: Question): string => `${x.number}. ${x.text || '…'}`;

/** A target picker: '' means "the default" (shown with what it resolves to). */
function targetSelect(q: Questionnaire, from: Question, value: string | undefined, defaultLabel: string, attrs: Record<string, string>, onChange: (v: string | undefined) => void): HTMLSelectElement {
  const sel = h(
    'select',
    { ...attrs, style: 'max-width:260px' },
    h('option', { value: '', selected: value === undefined }, defaultLabel),
    ...q.questions.filter((x) => x.id !== from.id).map((x) => h('option', { value: x.id, selected: value === x.id }, label(x))),
    h('option', { value: END, selected: value === END }, t('tree.end')),
  );
  sel.addEventListener('change', () => onChange(sel.value === '' ? undefined : sel.value));
  return sel;
}

/** The tree; `onChange` runs after a branch changed (the caller redraws). */
export function questionTree(q: Questionnaire, onChange: () => void): HTMLElement {
  const index = new Map(q.questions.map((x, i) => [x.id, i]));
  const drawn = new Set<string>();
  const nameOf = (target: string): string => (target === END ? t('tree.end') : (() => {
    const i = index.get(target);
    return i === undefined ? target : label(q.questions[i]);
  })());

  const node = (id: string): HTMLElement => {
    if (id === END) return h('li', { 'data-tree-end': '' }, h('em', {}, t('tree.end')));
    const i = index.get(id);
    if (i === undefined) return h('li.form-error', {}, t('tree.missing', { id }));
    const x = q.questions[i];
    if (drawn.has(id)) return h('li', { 'data-tree-ref': id }, h('span.muted', {}, t('tree.seeAbove', { q: label(x) })));
    drawn.add(id);
    const fallback = defaultTarget(q, i);
    const following = q.questions[i + 1]?.id ?? END;
    const edges: HTMLElement[] = [];
    for (const o of x.type === 'open' ? [] : (x.options ?? [])) {
      const sel = targetSelect(q, x, o.next, t('tree.asOtherwise'), { 'data-branch': `${x.id}/${o.code}` }, (v) => {
        if (v === undefined) delete o.next;
        else o.next = v;
        onChange();
      });
      edges.push(h('li', { 'data-edge': `${x.id}/${o.code}` }, h('span', {}, `“${o.text || o.code}” → `), sel, o.next !== undefined ? h('ul', {}, node(o.next)) : null));
    }
    const needsDefault = x.type === 'open' || (x.options ?? []).length === 0 || (x.options ?? []).some((o) => o.next === undefined);
    if (needsDefault) {
      const sel = targetSelect(q, x, x.next, t('tree.following', { q: nameOf(following) }), { 'data-branch': x.id }, (v) => {
        if (v === undefined) delete x.next;
        else x.next = v;
        onChange();
      });
      edges.push(h('li', { 'data-edge': x.id }, h('span', {}, x.type === 'open' ? t('tree.then') : t('tree.otherwise')), sel, h('ul', {}, node(fallback))));
    }
    return h(
      'li',
      { 'data-tree-node': x.id },
      h('strong', {}, label(x)),
      ' ',
      h('span.pill', {}, t(`questionnaires.type.${x.type}`)),
      h('ul', {}, ...edges),
    );
  };

  const root = q.questions.length ? node(q.questions[0].id) : h('li.muted', {}, t('tree.empty'));
  const unreached = q.questions.filter((x) => !drawn.has(x.id));
  return h(
    'div',
    { 'data-testid': 'question-tree' },
    h('ul', { style: 'padding-left:16px;line-height:1.9' }, root),
    unreached.length ? h('p.form-error', { 'data-testid': 'unreached' }, t('tree.unreached', { list: unreached.map(label).join('; ') })) : null,
  );
}
