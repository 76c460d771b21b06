/**
 * Keeps a page section live without a manual refresh: re-reads it soon after it changed, backs off
 * (doubling up to a ceiling) while nothing changes, wakes early for an instant the data announces
 * (an SLA warning or deadline), sleeps while the browser tab is hidden and reads at once when it is
 * shown again. `stop()` leaves no timer and no listener behind; pages call it from their cleanup.
 */

export interface LivePollOptions {
  /** First and post-change delay. */
  minMs?: number;
  /** Longest delay while nothing changes. */
  maxMs?: number;
}

/** What one read found: whether it changed, and optionally an instant (epoch ms) worth reading right after. */
export interface PollResult {
  changed: boolean;
  wakeAt?: number;
}

export interface LivePoll {
  stop(): void;
  /** Reads now (e.g. after the user acted) and restarts the backoff. */
  now(): void;
}

export function livePoll(read: () => Promise<PollResult>, options: LivePollOptions = {}): LivePoll {
  const minMs = options.minMs ?? 2000;
  const maxMs = options.maxMs ?? 20_000;
  let delay = minMs;
  let timer: number | undefined;
  let stopped = false;
  let running = false;

  const schedule = (wakeAt?: number): void => {
    window.clearTimeout(timer);
    timer = undefined;
    if (stopped || document.hidden) return;
    const untilWake = wakeAt !== undefined ? Math.max(1000, wakeAt - Date.now() + 1500) : Infinity;
    timer = window.setTimeout(() => void tick(), Math.min(delay, untilWake));
  };

  const tick = async (): Promise<void> => {
    if (stopped || running) return;
    running = true;
    let result: PollResult = { changed: false };
    try {
      result = await read();
    } catch {
      // A failed read (network, server restart) counts as "no change": the next one backs off.
    } finally {
      running = false;
    }
    delay = result.changed ? minMs : Math.min(delay * 2, maxMs);
    schedule(result.wakeAt);
  };

  const onVisibility = (): void => {
    if (document.hidden) {
      window.clearTimeout(timer);
      timer = undefined;
    } else {
      delay = minMs;
      void tick();
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  schedule();

  return {
    stop() {
      stopped = true;
      window.clearTimeout(timer);
      timer = undefined;
      document.removeEventListener('visibilitychange', onVisibility);
    },
    now() {
      delay = minMs;
      void tick();
    },
  };
}
