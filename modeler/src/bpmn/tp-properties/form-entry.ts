import { h } from '@bpmn-io/properties-panel/preact';
import { t } from '../../i18n/i18n';
import { type FormDesigner } from '../form-designer/form-designer';
import { countFields, readTaskForm } from '../form-designer/task-form-xml';
import { type DiagramElement } from '../moddle-types';

interface FormEntryProps {
  element: DiagramElement;
  id: string;
  designer: FormDesigner;
}

/** The user task's form: how many fields it has and a button that opens the form-js editor. */
export function TaskFormEntry({ element, id, designer }: FormEntryProps): unknown {
  const fields = countFields(readTaskForm(element.businessObject));
  return h(
    'div',
    { class: 'bio-properties-panel-entry tp-form-entry', 'data-entry-id': id },
    h('label', { class: 'bio-properties-panel-label' }, t('tp.form')),
    h('button', { type: 'button', class: 'tp-form-design', 'data-action': 'design-form', onClick: () => void designer.open(element) }, t('tp.formDesign')),
    h('div', { class: 'bio-properties-panel-description', 'data-testid': 'form-summary' }, fields ? t('tp.formFields', { n: fields }) : t('tp.formNone')),
  );
}

/** Edited when the task carries its own form. */
export function isTaskFormEdited(node: unknown): boolean {
  return !!(node as HTMLElement | null)?.querySelector?.('[data-testid=form-summary]')?.textContent?.match(/\d/);
}
