// The browser's live connection (DESIGN.md §3.6): connects to
// /ws?token=…, reconnects with capped exponential backoff and jitter, asks
// for a refetch after every (re)connect, drops repeated event ids and
// reports its state. Sockets, timers and randomness are injected so tests
// drive it without real sleeps.

import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { EventDeduper } from './dedupe';
import { parseFrame, type NotificationFrame, type ProjectFrame, type TaskFrame } from './frames';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The subset of WebSocket this client uses. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface LiveDeps {
  createSocket(url: string): SocketLike;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
  isOnline(): boolean;
}

export interface LiveStatus {
  state: LiveState;
  /** consecutive failed attempts since the last successful open */
  attempt: number;
  /** delay of the pending reconnect, when one is scheduled */
  retryInMs: number | null;
}

export interface LiveHandlers {
  onFrame(frame: TaskFrame | NotificationFrame | ProjectFrame): void;
  /** After every successful open; the app refetches list, stats, notifications. */
  onConnected(info: { reconnect: boolean }): void;
  onStatus(status: LiveStatus): void;
  /** Several attempts failed before opening: the token may be expired (401 before upgrade). */
  onAuthSuspect?(): void;
}

export interface LiveOptions {
  backoff: BackoffOptions;
  /** failed attempts after which the indicator says "offline" (still retrying) */
  offlineAfter: number;
  /** failed opens in a row after which onAuthSuspect is called */
  authSuspectAfter: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = { backoff: DEFAULT_BACKOFF, offlineAfter: 5, authSuspectAfter: 3 };

/** `/ws?token=…` on the page's own origin (ws: or wss: to match the page). */
export function liveUrl(token: string, loc: { protocol: string; host: string }): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/ws?token=${encodeURIComponent(token)}`;
}

export class LiveClient {
  private socket: SocketLike | null = null;
  private timer: unknown = null;
  private stopped = true;
  private everConnected = false;
  private attempt = 0;
  private failedOpens = 0;
  private status: LiveStatus = { state: 'offline', attempt: 0, retryInMs: null };
  private readonly dedupe = new EventDeduper();
  private readonly opts: LiveOptions;

  constructor(
    private readonly url: () => string | null,
    private readonly handlers: LiveHandlers,
    private readonly deps: LiveDeps,
    opts?: Partial<LiveOptions>,
  ) {
    this.opts = { ...DEFAULT_LIVE_OPTIONS, ...opts };
  }

  get current(): LiveStatus {
    return this.status;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onopen = s.onmessage = s.onerror = null;
      s.onclose = null;
      try {
        s.close(1000, 'bye');
      } catch {
        /* already closed */
      }
    }
    this.setStatus({ state: 'offline', attempt: this.attempt, retryInMs: null });
  }

  /**
   * Browser went on-/offline (window 'online'/'offline' events). Offline
   * drops the socket at once: a browser does not close an open WebSocket
   * when the network goes away, so without this the indicator would say
   * "live" over a dead connection until the server's keep-alive gave up.
   */
  setOnline(online: boolean): void {
    if (this.stopped) return;
    if (!online) {
      this.clearTimer();
      this.dropSocket();
      this.setStatus({ state: 'offline', attempt: this.attempt, retryInMs: null });
      return;
    }
    if (!this.socket) this.retryNow();
  }

  /**
   * The HTTP side just found the server unreachable (network error): the
   * socket is likely dead too. Reconnect now, so the indicator shows what
   * a fresh connection can do instead of a stale "live".
   */
  connectionSuspect(): void {
    if (this.stopped || !this.socket) return;
    this.dropSocket();
    this.clearTimer();
    this.connect();
  }

  private dropSocket(): void {
    const s = this.socket;
    this.socket = null;
    if (!s) return;
    s.onopen = s.onmessage = s.onerror = null;
    s.onclose = null;
    try {
      s.close(4000, 'connection lost');
    } catch {
      /* already closed */
    }
  }

  /** Skip the wait (user clicked "retry", tab became visible, back online). */
  retryNow(): void {
    if (this.stopped || this.socket) return;
    this.clearTimer();
    this.connect();
  }

  private connect(): void {
    this.timer = null;
    if (this.stopped) return;
    if (!this.deps.isOnline()) {
      this.setStatus({ state: 'offline', attempt: this.attempt, retryInMs: null });
      return;
    }
    const url = this.url();
    if (!url) {
      this.stop();
      return;
    }
    this.setStatus({
      state: this.everConnected || this.attempt > 0 ? this.failingState() : 'connecting',
      attempt: this.attempt,
      retryInMs: null,
    });
    let socket: SocketLike;
    try {
      socket = this.deps.createSocket(url);
    } catch {
      this.onClosed(false);
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      opened = true;
      this.attempt = 0;
      this.failedOpens = 0;
      const reconnect = this.everConnected;
      this.everConnected = true;
      this.setStatus({ state: 'live', attempt: 0, retryInMs: null });
      this.handlers.onConnected({ reconnect });
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket || typeof ev.data !== 'string') return;
      const frame = parseFrame(ev.data);
      if (!frame || frame.type === 'hello') return;
      if (!this.dedupe.firstTime(frame.event_id)) return;
      this.handlers.onFrame(frame);
    };
    socket.onerror = () => {
      /* a close event follows */
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.onClosed(opened);
    };
  }

  private onClosed(opened: boolean): void {
    if (this.stopped) return;
    if (!opened) {
      this.failedOpens++;
      if (this.failedOpens === this.opts.authSuspectAfter) this.handlers.onAuthSuspect?.();
    }
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt, this.deps.random, this.opts.backoff);
    this.attempt++;
    this.setStatus({ state: this.failingState(), attempt: this.attempt, retryInMs: delay });
    this.timer = this.deps.setTimeout(() => this.connect(), delay);
  }

  private failingState(): LiveState {
    return this.attempt >= this.opts.offlineAfter ? 'offline' : 'reconnecting';
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      this.deps.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private setStatus(s: LiveStatus): void {
    const prev = this.status;
    this.status = s;
    if (prev.state !== s.state || prev.attempt !== s.attempt || prev.retryInMs !== s.retryInMs) this.handlers.onStatus(s);
  }
}

/** Real browser dependencies. */
export function browserLiveDeps(): LiveDeps {
  return {
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (h) => window.clearTimeout(h as number),
    random: Math.random,
    isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
  };
}
