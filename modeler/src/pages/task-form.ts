import '@bpmn-io/form-js/dist/assets/form-js.css';
import { type Task } from '../api/types';

/** The task's own form-js schema, or one generated from the fields the task requires. */
export function formSchemaFor(task: Task): Record<string, unknown> {
  if (task.form && typeof task.form === 'object') return task.form as Record<string, unknown>;
  if (typeof task.form === 'string') {
    try {
      return JSON.parse(task.form) as Record<string, unknown>;
    } catch {
      // Not JSON: fall through to the generated form.
    }
  }
  return {
    type: 'default',
    components: (task.requiredFields ?? []).map((key) => ({ type: 'textfield', key, label: key, validate: { required: true } })),
  };
}

/**
 * Renders the form with the form-js viewer (loaded on first use, so other pages do not pay for it);
 * `submit()` validates and gives the data or undefined.
 */
export async function renderTaskForm(container: HTMLElement, task: Task): Promise<{ submit: () => Record<string, unknown> | undefined; destroy: () => void }> {
  const { Form } = await import('@bpmn-io/form-js');
  // No input debounce: an agent who types and clicks Complete at once must submit what they typed.
  // (`debounce` is read from the viewer's config but missing from its option type.)
  const options: ConstructorParameters<typeof Form>[0] & { debounce: boolean } = { container, debounce: false };
  const form = new Form(options);
  await form.importSchema(formSchemaFor(task), task.variables ?? {});
  return {
    submit: () => {
      const { data, errors } = form.submit() as { data: Record<string, unknown>; errors: Record<string, unknown> };
      return Object.keys(errors).length ? undefined : data;
    },
    destroy: () => form.destroy(),
  };
}
