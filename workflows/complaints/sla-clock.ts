/**
 * The SLA clock of one complaint round, as a workflow of its own rather than BPMN boundary timers
 * on the handling task: a boundary timer has a fixed due instant, while an SLA clock must pause
 * while the case waits for the customer and resume with its deadline moved by exactly the paused
 * business time, and it must outlive the task it guards (reply and resolution span several tasks
 * and a reopening). The clock sleeps until its next warning or breach instant (computed on the
 * business calendar with core/complaints), wakes early on pause/resume/stop signals, and writes
 * its state to the complaint record after each change.
 */
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ComplaintActivities } from '../../activities/complaints/sla-activities';
import { nextFiring, pauseClock, resumeClock, startClock, stopClock } from '../../core/complaints/clock';
import type { ClockState } from '../../core/complaints/types';
import {
  slaOwnerSignal,
  slaPauseSignal,
  slaRespecSignal,
  slaResumeSignal,
  slaStateQuery,
  slaStopSignal,
  type SlaClockInput,
  type SlaRespecInput,
  type SlaStopInput,
  type SlaView,
} from './messages';
import { respecClock } from './sla-respec';

const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
} as const;

type Command =
  | { kind: 'pause'; reason: string }
  | { kind: 'resume' }
  | { kind: 'stop'; clock: SlaStopInput['clock'] }
  | ({ kind: 'respec' } & SlaRespecInput);

export async function complaintSlaClock(input: SlaClockInput): Promise<SlaView> {
  const { recordSlaClocks, raiseSlaEvent } = proxyActivities<ComplaintActivities>({
    ...ACTIVITY_OPTIONS,
    ...(input.activityTaskQueue ? { taskQueue: input.activityTaskQueue } : {}),
  });
  let cal = input.calendar;
  // Each write of the clocks carries a rising number, so a late attempt never replaces a newer state.
  let seq = 0;
  let clocks: ClockState[] = input.clocks.map((s) => startClock(cal, s, input.startedAt));
  const commands: Command[] = [];
  let warn = input.warn;
  const view = (): SlaView => ({ complaintId: input.complaintId, round: input.round, clocks });

  setHandler(slaStateQuery, view);
  setHandler(slaPauseSignal, (p) => void commands.push({ kind: 'pause', reason: p.reason }));
  setHandler(slaResumeSignal, () => void commands.push({ kind: 'resume' }));
  setHandler(slaStopSignal, (s) => void commands.push({ kind: 'stop', clock: s.clock }));
  setHandler(slaRespecSignal, (r) => void commands.push({ kind: 'respec', ...r }));
  setHandler(slaOwnerSignal, (o) => {
    warn = [o.owner];
  });

  const live = (): boolean => clocks.some((c) => c.stoppedAt === undefined);
  let dirty = true;
  while (live()) {
    if (dirty) {
      await recordSlaClocks({
        complaintId: input.complaintId,
        round: input.round,
        calendarId: cal.id,
        clocks,
        seq: ++seq,
      });
      dirty = false;
    }
    // When the timer for the next firing was armed: a firing armed after its due instant measures a
    // backlog (the clock started late), not the timer's precision.
    const armedAt = Date.now();
    if (commands.length === 0) {
      const firings = clocks.map(nextFiring).filter((f) => f !== undefined);
      const next = firings.length > 0 ? Math.min(...firings.map((f) => f.at)) : undefined;
      if (next === undefined) await condition(() => commands.length > 0);
      else if (next > Date.now()) await condition(() => commands.length > 0, next - Date.now());
    }
    const now = Date.now();
    if (commands.length > 0) {
      for (const cmd of commands.splice(0)) {
        if (cmd.kind === 'respec') {
          const from = cal;
          cal = cmd.calendar;
          clocks = clocks.map((c) => {
            if (c.name === cmd.clock) return respecClock(from, cal, c, cmd.durationMs, now);
            return from.id === cal.id ? c : respecClock(from, cal, c, c.durationMs, now);
          });
          continue;
        }
        clocks = clocks.map((c) => {
          if (cmd.kind === 'pause') return pauseClock(cal, c, now);
          if (cmd.kind === 'resume') return resumeClock(cal, c, now);
          return cmd.clock === 'all' || cmd.clock === c.name ? stopClock(c, now) : c;
        });
      }
      dirty = true;
      continue;
    }
    const due = clocks.map((c, i) => ({ i, f: nextFiring(c) })).filter((d) => d.f !== undefined && d.f.at <= now);
    for (const [n, { i, f }] of due.entries()) {
      if (!f) continue;
      const c = clocks[i];
      clocks[i] =
        f.kind === 'warning' ? { ...c, warnedAt: now, state: 'warning' } : { ...c, breachedAt: now, state: 'breached' };
      // The last event of this pass also carries the clocks as the next record would write them (same
      // sequence number): it stores both under one lock, and that record then finds them stored.
      // Only the activity's input changes, not the commands, so running clocks replay unchanged.
      const record = n === due.length - 1 ? { clocks, seq: seq + 1, calendarId: cal.id } : {};
      await raiseSlaEvent({
        ...record,
        complaintId: input.complaintId,
        round: input.round,
        clock: c.name,
        kind: f.kind,
        dueAt: f.at,
        firedAt: now,
        armedAt,
        recipients: f.kind === 'breach' ? input.escalateTo : warn,
      });
      dirty = true;
    }
  }
  await recordSlaClocks({ complaintId: input.complaintId, round: input.round, calendarId: cal.id, clocks, seq: ++seq });
  return view();
}
