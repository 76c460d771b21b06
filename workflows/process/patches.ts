/**
 * Temporal patching policy of the interpreter.
 *
 * Running cases replay their history against whatever interpreter the worker runs today, so a change that
 * alters the commands a workflow emits (activities, timers, child workflows, markers, their order) for a
 * history that already exists would fail replay with a non-determinism error. The rules:
 *
 * 1. A change that emits different commands for graphs that already run goes behind `patched(id)`: the new
 *    path when the call returns true (new cases, and running cases that reach the point for the first time
 *    after the deploy), the old path otherwise (replays of histories recorded before it).
 * 2. A patch id is a constant here, named after the behaviour, never reused; once no running case can still
 *    hold a history from before the patch (all cases older than the deploy have ended), replace `patched`
 *    with `deprecatePatch` for one release, then remove the old path and the id.
 * 3. Changes that only alter workflow-local state (variables, the trail, queries) or that apply to graphs
 *    which could not run before (a new element behaviour the compiler used to refuse) need no patch.
 * 4. The histories in tests/workflow/histories are replayed by every test run: a change that breaks one of
 *    them is wrong, not the history. Recapture (CAPTURE_HISTORIES=1) only to add a history for a new feature.
 */

/** Compensation throw events run handlers (before: they passed through doing nothing). */
export const COMPENSATION_PATCH = 'tp-compensation-v1';

/** Timers with tp:calendar count business time (before: calendar time). */
export const BUSINESS_CALENDAR_PATCH = 'tp-business-calendar-v1';

/** Trace events and the case record flushed in one activity at wait states (before: two activities per workflow task). */
export const BATCHED_FLUSH_PATCH = 'tp-batched-flush-v1';

/** Embedded subprocesses with tp input/output mappings get a variable scope of their own (before: mappings ignored). */
export const SUBPROCESS_LOCALS_PATCH = 'tp-subprocess-locals-v1';

/** Conditions on an activity's outgoing flows see that activity's output (before: the variables it started with). */
export const OUTPUT_BEFORE_FLOWS_PATCH = 'tp-output-before-flows-v1';

/**
 * A user task reached again by the same token (a loop back through a gateway) gets a task id of its own per
 * visit, `<id>~<visit>` (before: the first visit's id again, so the inbox kept the closed document and the new
 * visit could not be worked). Asked only on a second or later visit, so cases without loops record no marker.
 */
export const TASK_VISITS_PATCH = 'tp-task-visits-v1';

/**
 * A user task interrupted while its inbox record was being created (a boundary event or a cancel during the
 * createUserTask activity) is closed as cancelled too (before: nothing closed it, and the creation, still
 * running in the worker, left an open record behind). Asked only on that path, so other cases record no
 * marker; not implied by CONSOLIDATED_PATCH, whose cases may already have taken the old path.
 */
export const USER_TASK_CREATE_CANCEL_PATCH = 'tp-user-task-create-cancel-v1';

/**
 * One marker for new cases instead of one per patch above (each `patched()` id costs a marker and a search
 * attribute upsert in every history): a case that records this id takes every patched path above without asking
 * for their ids (Engine.usesPatch), and zero-delay timers are not wait states (no flush for a timer that is
 * already due). Decided once when the case starts: histories from before it (no marker) keep asking per id.
 */
export const CONSOLIDATED_PATCH = 'tp-consolidated-v2';
