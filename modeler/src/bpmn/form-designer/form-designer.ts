import { t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { type DiagramElement, type Moddle, type Modeling } from '../moddle-types';
import { readTaskForm, writeTaskForm } from './task-form-xml';

const EMPTY_FORM = { type: 'default', components: [] };

interface EditorInstance {
  importSchema(schema: unknown): Promise<unknown>;
  saveSchema(): Record<string, unknown>;
  destroy(): void;
}

/**
 * Opens the form-js editor in a dialog for a user task's form and writes the result into the task's
 * `<tp:form>`, which the compiler passes to the task and the inbox renders with the form-js viewer.
 * The editor is loaded on first use only, so the modeler does not pay for it at start.
 */
export class FormDesigner {
  static $inject = ['modeling', 'moddle'];

  constructor(
    private readonly modeling: Modeling,
    private readonly moddle: Moddle,
  ) {}

  async open(element: DiagramElement): Promise<void> {
    const host = h('div.form-designer-editor', { 'data-testid': 'form-editor' });
    const error = h('p.dialog-error', { role: 'alert' });
    let editor: EditorInstance | undefined;
    const close = (): void => {
      editor?.destroy();
      backdrop.remove();
    };
    const apply = (): void => {
      if (!editor) return;
      const schema = editor.saveSchema();
      const components = schema.components;
      writeTaskForm(element, Array.isArray(components) && components.length ? schema : undefined, this.modeling, this.moddle);
      close();
    };
    const backdrop = h(
      'div.dialog-backdrop',
      {},
      h(
        'div.dialog.form-designer',
        { role: 'dialog', 'aria-label': t('form.title') },
        h('h2', {}, `${t('form.title')}: ${element.businessObject.name ?? element.id}`),
        host,
        error,
        h(
          'div.dialog-actions',
          {},
          h('button.btn', { type: 'button', onclick: close }, t('common.cancel')),
          h('button.btn.btn-primary', { type: 'button', 'data-action': 'apply-form', onclick: apply }, t('form.apply')),
        ),
      ),
    );
    document.body.append(backdrop);
    try {
      const [{ FormEditor }] = await Promise.all([import('@bpmn-io/form-js'), import('./form-editor-styles')]);
      editor = new FormEditor({ container: host });
      await editor.importSchema(readTaskForm(element.businessObject) ?? EMPTY_FORM);
    } catch (err) {
      error.textContent = err instanceof Error ? err.message : String(err);
    }
  }
}
