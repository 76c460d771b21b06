/**
 * Activities of the SLA clock workflow: write the clocks onto the complaint record, and raise
 * warnings and breaches (recorded on the complaint, notified through the app channel to each
 * recipient, idempotently per complaint, round, clock, kind and recipient).
 */
import type { Connection } from 'mongoose';
import { overallState } from '../../core/complaints/clock';
import type { ClockState } from '../../core/complaints/types';
import { monthlyReport } from '../../store/complaint-report';
import { complaints, summaries, withComplaintLock, type ComplaintDoc, type SlaClockDoc } from '../../store/complaints';
import { sendOnce } from '../channels/outbox';
import type { ChannelRegistry } from '../channels/types';

export interface ComplaintActivityDeps {
  db: Connection;
  channels: ChannelRegistry;
}

export interface RecordSlaInput {
  complaintId: string;
  round: number;
  calendarId?: string;
  clocks: ClockState[];
  /** Rises with every write of the clock workflow; absent from histories before it existed. */
  seq?: number;
}

export interface SlaEventInput {
  complaintId: string;
  round: number;
  clock: 'reply' | 'resolution';
  kind: 'warning' | 'breach';
  /** The instant the event was due (epoch ms). */
  dueAt: number;
  /** Workflow time at which the timer fired (epoch ms). */
  firedAt: number;
  /** Workflow time at which the timer was armed (epoch ms). */
  armedAt?: number;
  recipients: string[];
  /**
   * The clocks after this firing with the sequence number of the clock's next write (only on the last
   * event of a pass): stored with the event under one lock, so the record that follows has nothing to do.
   */
  clocks?: ClockState[];
  seq?: number;
  calendarId?: string;
}

const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

function toDoc(round: number, calendarId: string | undefined, c: ClockState, seq: number | undefined): SlaClockDoc {
  return {
    seq,
    round,
    name: c.name,
    calendarId,
    durationMs: c.durationMs,
    warnFraction: c.warnFraction,
    startedAt: new Date(c.startedAt),
    dueAt: new Date(c.dueAt),
    warnAt: new Date(c.warnAt),
    consumedMs: c.consumedMs,
    pausedBusinessMs: c.pausedBusinessMs,
    pausedAt: date(c.pausedAt),
    warnedAt: date(c.warnedAt),
    breachedAt: date(c.breachedAt),
    stoppedAt: date(c.stoppedAt),
    state: c.state,
  };
}

/** Whether the record holds clocks of this round written with `seq` or a later sequence. */
function seqStored(doc: Pick<ComplaintDoc, 'clocks'> | null, round: number, seq: number): boolean {
  return (doc?.clocks ?? []).some((c) => c.round === round && (c.seq ?? 0) >= seq);
}

/**
 * The `$set` that replaces the round's clocks and the SLA state, or undefined when the record holds
 * this write already or a newer one (a late attempt, or a retry of a write already made).
 */
function clocksSet(doc: Pick<ComplaintDoc, 'clocks' | 'round'>, input: RecordSlaInput): Record<string, unknown> | undefined {
  if (input.seq !== undefined && seqStored(doc, input.round, input.seq)) return undefined;
  const others = (doc.clocks ?? []).filter((c) => c.round !== input.round);
  const mine = input.clocks.map((c) => toDoc(input.round, input.calendarId, c, input.seq));
  const $set: Record<string, unknown> = { clocks: [...others, ...mine] };
  if (input.round >= doc.round) $set.slaState = overallState(input.clocks);
  return $set;
}

// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- the inferred object type is the activity contract
export function createComplaintActivities(deps: ComplaintActivityDeps) {
  const Complaints = complaints(deps.db);
  return {
    /** Replaces the clocks of one round on the complaint record and recomputes its SLA state. */
    async recordSlaClocks(input: RecordSlaInput): Promise<void> {
      // Already stored (by the SLA event that preceded this write, or by an earlier attempt): a read
      // without the lock says so, which costs far less than taking it. A stale read only sends us on.
      if (input.seq !== undefined && seqStored(await Complaints.findById(input.complaintId, { clocks: 1 }).lean(), input.round, input.seq)) return;
      // Read and write under the complaint's lock: the process's handlers write the same record.
      await withComplaintLock(deps.db, input.complaintId, async () => {
        const doc = await Complaints.findById(input.complaintId, { clocks: 1, round: 1 }).lean();
        if (!doc) return;
        const $set = clocksSet(doc, input);
        if ($set) await Complaints.updateOne({ _id: input.complaintId }, { $set });
      });
    },

    /** Records a warning or breach once (with the clocks after it, when given), and notifies each recipient once. */
    async raiseSlaEvent(input: SlaEventInput): Promise<{ notified: number }> {
      await withComplaintLock(deps.db, input.complaintId, async () => {
        const doc = await Complaints.findById(input.complaintId, { escalations: 1, clocks: 1, round: 1 }).lean();
        if (!doc) return;
        const seen = (doc.escalations ?? []).some(
          (e) => e.round === input.round && e.clock === input.clock && e.kind === input.kind,
        );
        const $set = input.clocks ? clocksSet(doc, { complaintId: input.complaintId, round: input.round, calendarId: input.calendarId, clocks: input.clocks, seq: input.seq }) : undefined;
        if (seen && !$set) return;
        await Complaints.updateOne(
          { _id: input.complaintId },
          {
            ...($set ? { $set } : {}),
            ...(seen
              ? {}
              : {
                  $push: {
                    escalations: {
                      at: new Date(input.firedAt),
                      round: input.round,
                      clock: input.clock,
                      kind: input.kind,
                      dueAt: new Date(input.dueAt),
                      recipients: input.recipients,
                      armedAt: date(input.armedAt),
                    },
                    timeline: {
                      at: new Date(input.firedAt),
                      kind: `sla-${input.kind}`,
                      detail: `${input.clock} clock ${input.kind} (due ${new Date(input.dueAt).toISOString()})`,
                    },
                  },
                }),
          },
        );
      });
      let notified = 0;
      for (const to of input.recipients) {
        await sendOnce(deps.db, deps.channels, {
          key: `${input.complaintId}:sla-${input.kind}:${input.round}:${input.clock}:${to}`,
          channel: 'app',
          to,
          subject: input.kind === 'breach' ? 'SLA breached' : 'SLA warning',
          body: `Complaint ${input.complaintId}: ${input.clock} deadline ${input.kind === 'breach' ? 'passed' : 'approaching'} (${new Date(input.dueAt).toISOString()})`,
        });
        notified += 1;
      }
      return { notified };
    },

    /** Computes the month's summary per department and stores it (replacing an earlier run's). */
    async storeMonthlySummary(input: { month: string }): Promise<{ month: string; departments: number }> {
      const report = await monthlyReport(deps.db, input.month);
      await summaries(deps.db).replaceOne(
        { _id: input.month },
        { _id: input.month, report: report as unknown as Record<string, unknown>, createdAt: new Date() },
        { upsert: true },
      );
      return { month: input.month, departments: report.departments.length };
    },
  };
}

export type ComplaintActivities = ReturnType<typeof createComplaintActivities>;
