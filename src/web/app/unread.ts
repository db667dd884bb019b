import { useEffect, useSyncExternalStore } from 'react';
import { progressApi } from '../api/progress.ts';

/** The header's unread count, shared between the badge and the message centre. */
const listeners = new Set<() => void>();
let last = 0;

export function announceUnread(n: number): void {
  last = n;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Unread messages of an applicant account; refreshed on `refreshKey` change (navigation) and every minute. */
export function useUnreadCount(enabled: boolean, refreshKey: string): number {
  const count = useSyncExternalStore(subscribe, () => last);
  useEffect(() => {
    if (!enabled) return;
    const refresh = () => void progressApi.unread().then((r) => announceUnread(r.unread), () => {});
    refresh();
    const timer = setInterval(refresh, 60_000);
    return () => clearInterval(timer);
  }, [enabled, refreshKey]);
  return enabled ? count : 0;
}
