import { DeferredLinting } from './deferred-linting';

/** Lints after the first paint and once edits pause (needs bpmn-js-bpmnlint's `linting`). */
export default {
  __init__: ['deferredLinting'],
  deferredLinting: ['type', DeferredLinting],
};
