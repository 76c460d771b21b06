import { lang } from '../../i18n/i18n';
import { zhCnBpmnLabels } from './zh-cn-bpmn-labels';

/**
 * bpmn-js calls `translate(template, replacements)` for every label it draws. We look the template up
 * in the dictionary of the active language (English templates are the keys) and fill `{name}` slots.
 */
export function translate(template: string, replacements: Record<string, string> = {}): string {
  const text = lang() === 'zh-CN' ? (zhCnBpmnLabels[template] ?? template) : template;
  return text.replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
}

/** Overrides bpmn-js's default `translate` service. */
export default {
  translate: ['value', translate],
};
