import Linter from 'bpmnlint/lib/linter';
import type { ModelProblem } from './graph';
import type { MElement } from './moddle';
import { prune } from './moddle-access';
import { PRESENTATION_RULES, resolver } from './lint-rules';

/** Runs bpmnlint's recommended rules over parsed definitions and returns their reports as problems. */
export async function lintDefinitions(
  definitions: MElement,
  byId: (id: string) => MElement | undefined,
): Promise<ModelProblem[]> {
  // bpmnlint's `global` rule assumes rootElements is an array; an empty <definitions> has none.
  if (!Array.isArray(definitions.rootElements)) definitions.rootElements = [];
  const linter = new Linter({ resolver });
  const results = await linter.lint(definitions, { extends: 'bpmnlint:recommended' });
  const problems: ModelProblem[] = [];
  for (const rule of Object.keys(results).sort()) {
    for (const report of results[rule] ?? []) {
      const el = report.id ? byId(report.id) : undefined;
      const severity =
        report.category === 'error' && !PRESENTATION_RULES.has(rule) && !isEmptySubProcessFinding(rule, el)
          ? 'error'
          : 'warning';
      problems.push(
        prune({
          severity,
          rule,
          elementId: report.id,
          elementName: el?.name,
          elementType: el?.$type,
          message: sentence(report.message, report.id),
        }),
      );
    }
  }
  return problems;
}

/**
 * A collapsed subprocess drawn without content (common in documentation models) has no start or end event;
 * the engine completes it at once, so bpmnlint's start/end-event-required findings on it are warnings.
 */
function isEmptySubProcessFinding(rule: string, el: MElement | undefined): boolean {
  if (rule !== 'start-event-required' && rule !== 'end-event-required') return false;
  if (!el || el.$type !== 'bpmn:SubProcess') return false;
  const children = el.flowElements;
  return !Array.isArray(children) || children.length === 0;
}

function sentence(message: string, id: string | undefined): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  const withId = id ? `${id}: ${text}` : text;
  return /[.!?]$/.test(withId) ? withId : `${withId}.`;
}
