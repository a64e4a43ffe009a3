// Runs the LiveClient while signed in and exposes its status to React.

import { useEffect, useRef, useState } from 'react';
import { me } from '../api/auth';
import type { NotificationFrame, ProjectFrame, TaskFrame } from '../live/frames';
import { browserLiveDeps, LiveClient, liveUrl, type LiveStatus } from '../live/LiveClient';
import { useLatest } from './hooks';
import { serviceState, type ServiceState } from './service';

export interface LiveCallbacks {
  onFrame(frame: TaskFrame | NotificationFrame | ProjectFrame): void;
  onConnected(info: { reconnect: boolean }): void;
}

export function useLive(token: string, callbacks: LiveCallbacks) {
  const cb = useLatest(callbacks);
  const [status, setStatus] = useState<LiveStatus>({ state: 'connecting', attempt: 0, retryInMs: null });
  const clientRef = useRef<LiveClient | null>(null);

  useEffect(() => {
    const client = new LiveClient(
      () => liveUrl(token, window.location),
      {
        onFrame: (f) => cb.current.onFrame(f),
        onConnected: (i) => cb.current.onConnected(i),
        onStatus: setStatus,
        // The upgrade is refused with 401 for a bad token, which a browser
        // cannot see; ask the API, whose 401 signs the user out.
        onAuthSuspect: () => void me().catch(() => undefined),
      },
      browserLiveDeps(),
    );
    clientRef.current = client;
    const online = () => client.setOnline(true);
    const offline = () => client.setOnline(false);
    const visible = () => {
      if (document.visibilityState === 'visible') client.retryNow();
    };
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    document.addEventListener('visibilitychange', visible);
    // The HTTP side found the server unreachable: the socket is probably
    // dead as well (once per outage, not on every failed request).
    let last: ServiceState = serviceState.get();
    const unsubscribe = serviceState.subscribe(() => {
      const now = serviceState.get();
      if (now === 'unreachable' && last !== 'unreachable') client.connectionSuspect();
      last = now;
    });
    client.start();
    return () => {
      unsubscribe();
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      document.removeEventListener('visibilitychange', visible);
      client.stop();
      clientRef.current = null;
    };
  }, [token, cb]);

  return { status, retryNow: () => clientRef.current?.retryNow() };
}
