/**
 * A Temporal client connection that knows its calls in flight, so that a stopping process (or a
 * test's teardown) lets them finish before it closes the channel.
 *
 * Why: the SDK retries a call that fails with UNAVAILABLE or RESOURCE_EXHAUSTED after a back-off
 * timer. If the channel is closed while a call waits in that back-off, the timer fires on a closed
 * channel and grpc-js throws "Channel has been shut down" from the timer, outside any caller: an
 * uncaught exception. Closing only once the calls have settled (or after a grace period, naming
 * the calls left) avoids that.
 */
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';

export interface TrackedConnection {
  connection: Connection;
  /** The gRPC methods of the calls in flight (a retried call counts once until its last attempt ends). */
  inFlight(): string[];
  /**
   * Waits until no call is in flight, or `graceMs` at most, then closes the connection. Returns the
   * methods still in flight when it closed (empty when all settled).
   */
  close(graceMs?: number): Promise<string[]>;
}

export async function connectTemporal(options: ConnectionOptions): Promise<TrackedConnection> {
  const calls = new Map<number, string>();
  let seq = 0;
  let waiters: (() => void)[] = [];
  const settle = (id: number): void => {
    if (calls.delete(id) && calls.size === 0) for (const wake of waiters.splice(0)) wake();
  };
  // Outermost interceptor, so it sees one logical call across the retry interceptor's attempts.
  const tracking: Interceptor = (callOptions, nextCall) => {
    const id = ++seq;
    return new InterceptingCall(nextCall(callOptions), {
      start(metadata, _listener, next) {
        calls.set(id, callOptions.method_definition.path);
        next(metadata, {
          onReceiveStatus(status, nextStatus) {
            settle(id);
            nextStatus(status);
          },
        });
      },
    });
  };
  const connection = await Connection.connect({
    ...options,
    interceptors: [tracking, ...(options.interceptors ?? [makeGrpcRetryInterceptor(defaultGrpcRetryOptions())])],
  });
  return {
    connection,
    inFlight: () => [...calls.values()],
    async close(graceMs = 10_000) {
      if (calls.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => waiters.push(resolve)),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(timer);
        waiters = [];
      }
      const left = [...calls.values()];
      await connection.close();
      return left;
    },
  };
}
