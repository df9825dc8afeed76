/**
 * Identical reads that arrive while the same read is still running share its answer instead of
 * each running it again: under load, fifty clients opening the same dashboard cost one query.
 * Nothing is kept afterwards, so an answer is never older than the query that made it. Keys must
 * name the org (tenancy): callers build them from the org id and every parameter of the read.
 */
export function sharedReads() {
  const running = new Map<string, Promise<unknown>>();
  return <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const found = running.get(key);
    if (found) return found as Promise<T>;
    const started = read().finally(() => running.delete(key));
    running.set(key, started);
    return started;
  };
}
