/**
 * The answer-sheet validity rules of a questionnaire (core/questionnaire ValidityRules): at least
 * so many questions answered, the path answered to its end, and a plausible time taken (not too
 * fast, not too slow). Edited in place on the questionnaire being edited; durations are shown in
 * seconds and kept in milliseconds. Wrong entries are named beside their field before saving; the
 * API's problems (`body.validity.minAnswered`) land in the same places through showErrors.
 */
import type { ValidityRules } from '../../../../core/questionnaire/types';
import { t } from '../../i18n/i18n';
import { h } from '../../shell/dom';
import { field, input } from './form-kit';

type Holder = { validity?: ValidityRules };

const secondsOf = (ms: number | undefined): string => (ms === undefined ? '' : String(ms / 1000));

/** The rules section; it writes `target.validity` as the user types (absent when no rule is set). */
export function validityRulesEditor(target: Holder): { element: HTMLElement; check(): boolean } {
  const r = target.validity ?? {};
  const minAnswered = input('minAnswered', r.minAnswered?.toString() ?? '', { type: 'number', min: 0, step: 1, 'data-validity': 'minAnswered' });
  const minSeconds = input('minDuration', secondsOf(r.minDurationMs), { type: 'number', min: 0, 'data-validity': 'minDurationMs' });
  const maxSeconds = input('maxDuration', secondsOf(r.maxDurationMs), { type: 'number', min: 0, 'data-validity': 'maxDurationMs' });
  const complete = h('input', { type: 'checkbox', name: 'requireComplete', 'data-validity': 'requireComplete', checked: r.requireComplete !== false });
  const slot = (name: string): HTMLElement | null => element.querySelector<HTMLElement>(`[data-error-for="validity.${name}"]`);

  /** Reads the inputs into the rules; returns the problems found, by rule. */
  const read = (): Map<keyof ValidityRules, string> => {
    const problems = new Map<keyof ValidityRules, string>();
    const rules: ValidityRules = {};
    const count = minAnswered.value.trim();
    if (count) {
      const n = Number(count);
      if (!Number.isInteger(n) || n < 0) problems.set('minAnswered', t('validity.badCount'));
      else rules.minAnswered = n;
    }
    for (const [box, key] of [
      [minSeconds, 'minDurationMs'],
      [maxSeconds, 'maxDurationMs'],
    ] as const) {
      const v = box.value.trim();
      if (!v) continue;
      const ms = Math.round(Number(v) * 1000);
      if (!Number.isFinite(ms) || ms < 0) problems.set(key, t('validity.badSeconds'));
      else rules[key] = ms;
    }
    if (rules.minDurationMs !== undefined && rules.maxDurationMs !== undefined && rules.minDurationMs > rules.maxDurationMs) {
      problems.set('maxDurationMs', t('validity.minAboveMax'));
    }
    if (!complete.checked) rules.requireComplete = false;
    target.validity = Object.keys(rules).length ? rules : undefined;
    return problems;
  };

  const element = h(
    'fieldset',
    { 'data-testid': 'validity-rules', style: 'border:1px solid #dde2ea;border-radius:6px;padding:6px 12px;margin:8px 0' },
    h('legend', {}, t('validity.title')),
    h('small.muted', {}, t('validity.intro')),
    h(
      'div',
      { style: 'display:grid;grid-template-columns:repeat(4,1fr);gap:0 12px' },
      field('validity.minAnswered', t('validity.minAnswered'), minAnswered),
      field('validity.minDurationMs', t('validity.minSeconds'), minSeconds, t('validity.minSecondsHint')),
      field('validity.maxDurationMs', t('validity.maxSeconds'), maxSeconds),
      field('validity.requireComplete', t('validity.requireComplete'), h('span', {}, complete, ' ', t('validity.requireCompleteHint'))),
    ),
    h('small.form-error', { 'data-error-for': 'validity', role: 'alert' }),
  );
  element.addEventListener('input', () => void read());
  element.addEventListener('change', () => void read());

  return {
    element,
    /** Shows the problems beside their fields; true when there are none. */
    check() {
      const problems = read();
      for (const key of ['minAnswered', 'minDurationMs', 'maxDurationMs'] as const) {
        const s = slot(key);
        if (s) s.textContent = problems.get(key) ?? '';
      }
      return problems.size === 0;
    },
  };
}
