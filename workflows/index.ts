/** The workflowsPath of the worker: every workflow type it runs. */
export { runProcess } from './process/run-process';
export { handWrittenFlow } from './bench/hand-written-flow';
export { contactCustomer, minimalContact, runPlan } from './plan';
export { complaintSlaClock } from './complaints/sla-clock';
export { conformanceMonitor } from './monitor/conformance-monitor';
export { complaintMonthlySummary } from './complaints/monthly-summary';
