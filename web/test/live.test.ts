import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/live/backoff';
import { EventDeduper } from '../src/live/dedupe';
import { parseFrame } from '../src/live/frames';
import { LiveClient, liveUrl, type LiveDeps, type LiveStatus, type SocketLike } from '../src/live/LiveClient';

class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  open() {
    this.onopen?.({});
  }
  send(frame: unknown) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
  close() {
    this.closed = true;
  }
}

class FakeTimers {
  now = 0;
  private seq = 0;
  private pending = new Map<number, { at: number; fn: () => void }>();
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.pending.delete(h as number);
  };
  /** the delays currently scheduled */
  get delays(): number[] {
    return [...this.pending.values()].map((p) => p.at - this.now);
  }
  advance(ms: number) {
    this.now += ms;
    for (const [id, p] of [...this.pending]) {
      if (p.at <= this.now) {
        this.pending.delete(id);
        p.fn();
      }
    }
  }
}

function harness(opts: { online?: () => boolean; random?: () => number } = {}) {
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const frames: unknown[] = [];
  const connects: boolean[] = [];
  const statuses: LiveStatus[] = [];
  let authSuspects = 0;
  const deps: LiveDeps = {
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    random: opts.random ?? (() => 1),
    isOnline: opts.online ?? (() => true),
  };
  const client = new LiveClient(
    () => '/ws?token=t',
    {
      onFrame: (f) => frames.push(f),
      onConnected: (i) => connects.push(i.reconnect),
      onStatus: (s) => statuses.push(s),
      onAuthSuspect: () => authSuspects++,
    },
    deps,
  );
  return { client, sockets, timers, frames, connects, statuses, authSuspects: () => authSuspects };
}

const taskFrame = (eventId: string, type = 'task.created') => ({
  type,
  event_id: eventId,
  occurred_at: '2026-01-01T00:00:00.000Z',
  task: { id: 't1', title: 'x', version: 1 },
});

describe('backoffDelay', () => {
  it('grows exponentially with jitter and caps at 30 s', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(1, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 0.5)).toBe(3000);
    expect(backoffDelay(10, () => 1)).toBe(30_000);
    expect(backoffDelay(10, () => 0)).toBe(15_000);
    expect(backoffDelay(1000, () => 1)).toBe(30_000);
    for (let a = 0; a < 20; a++) {
      const d = backoffDelay(a, Math.random);
      expect(d).toBeGreaterThan(0);
      expect(d).toBeLessThanOrEqual(30_000);
    }
  });
});

describe('EventDeduper', () => {
  it('passes an id once and forgets the oldest beyond capacity', () => {
    const d = new EventDeduper(3);
    expect(d.firstTime('a')).toBe(true);
    expect(d.firstTime('a')).toBe(false);
    d.firstTime('b');
    d.firstTime('c');
    d.firstTime('d');
    expect(d.size).toBe(3);
    expect(d.firstTime('a')).toBe(true);
    expect(d.firstTime('d')).toBe(false);
  });
});

describe('parseFrame', () => {
  it('accepts hello, task and notification frames and ignores the rest', () => {
    expect(parseFrame('{"type":"hello","user_id":"u"}')).toEqual({ type: 'hello', user_id: 'u' });
    expect(parseFrame(JSON.stringify(taskFrame('e1', 'task.deleted')))?.type).toBe('task.deleted');
    expect(
      parseFrame(JSON.stringify({ type: 'notification.created', event_id: 'e', occurred_at: '', notification: { id: 'n', message: 'm' } }))?.type,
    ).toBe('notification.created');
    expect(parseFrame('not json')).toBeNull();
    expect(parseFrame('{"type":"task.created","task":{"id":"t"}}')).toBeNull(); // no event_id
    expect(parseFrame('{"type":"task.created","event_id":"e"}')).toBeNull(); // no task
    expect(parseFrame('{"type":"something.new","event_id":"e"}')).toBeNull();
    expect(parseFrame('[1,2]')).toBeNull();
  });
});

describe('LiveClient', () => {
  it('builds the ws URL on the page origin', () => {
    expect(liveUrl('a b', { protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws?token=a%20b');
    expect(liveUrl('t', { protocol: 'https:', host: 'todo.example' })).toBe('wss://todo.example/ws?token=t');
  });

  it('connects, goes live, and asks for a refetch on every (re)connect', () => {
    const h = harness();
    h.client.start();
    expect(h.sockets).toHaveLength(1);
    expect(h.client.current.state).toBe('connecting');
    h.sockets[0]!.open();
    expect(h.client.current.state).toBe('live');
    expect(h.connects).toEqual([false]);

    h.sockets[0]!.drop(1013);
    expect(h.client.current.state).toBe('reconnecting');
    expect(h.timers.delays).toEqual([500]);
    h.timers.advance(499);
    expect(h.sockets).toHaveLength(1);
    h.timers.advance(1);
    expect(h.sockets).toHaveLength(2);
    h.sockets[1]!.open();
    expect(h.connects).toEqual([false, true]);
    expect(h.client.current.state).toBe('live');
  });

  it('backs off exponentially while failing, resets after a successful open, and says offline after 5 failures', () => {
    const h = harness();
    h.client.start();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      h.sockets[i]!.drop();
      delays.push(h.timers.delays[0]!);
      h.timers.advance(h.timers.delays[0]!);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(h.client.current.state).toBe('offline');
    expect(h.authSuspects()).toBe(1);
    h.sockets[8]!.open();
    expect(h.client.current.state).toBe('live');
    h.sockets[8]!.drop();
    expect(h.timers.delays).toEqual([500]);
  });

  it('drops repeated event ids, across reconnects too, and ignores hello', () => {
    const h = harness();
    h.client.start();
    h.sockets[0]!.open();
    h.sockets[0]!.send({ type: 'hello', user_id: 'u' });
    h.sockets[0]!.send(taskFrame('e1'));
    h.sockets[0]!.send(taskFrame('e1'));
    h.sockets[0]!.send(taskFrame('e2', 'task.updated'));
    h.sockets[0]!.send('garbage');
    h.sockets[0]!.drop();
    h.timers.advance(h.timers.delays[0]!);
    h.sockets[1]!.open();
    h.sockets[1]!.send(taskFrame('e2', 'task.updated'));
    h.sockets[1]!.send(taskFrame('e3', 'task.completed'));
    expect(h.frames.map((f) => (f as { event_id: string }).event_id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('waits while the browser is offline and connects at once when back online', () => {
    let online = false;
    const h = harness({ online: () => online });
    h.client.start();
    expect(h.sockets).toHaveLength(0);
    expect(h.client.current.state).toBe('offline');
    online = true;
    h.client.setOnline(true);
    expect(h.sockets).toHaveLength(1);
  });

  it('drops a live socket when the browser goes offline, and reconnects when it is back', () => {
    let online = true;
    const h = harness({ online: () => online });
    h.client.start();
    h.sockets[0]!.open();
    expect(h.client.current.state).toBe('live');
    online = false;
    h.client.setOnline(false);
    expect(h.sockets[0]!.closed).toBe(true);
    expect(h.client.current.state).toBe('offline');
    expect(h.timers.delays).toEqual([]);
    h.sockets[0]!.drop(); // a late close event of the dropped socket changes nothing
    expect(h.client.current.state).toBe('offline');
    online = true;
    h.client.setOnline(true);
    expect(h.sockets).toHaveLength(2);
    h.sockets[1]!.open();
    expect(h.client.current.state).toBe('live');
  });

  it('reconnects at once when HTTP finds the server unreachable, and reports the outcome', () => {
    const h = harness();
    h.client.start();
    h.sockets[0]!.open();
    h.client.connectionSuspect();
    expect(h.sockets[0]!.closed).toBe(true);
    expect(h.sockets).toHaveLength(2);
    expect(h.client.current.state).not.toBe('live');
    h.sockets[1]!.drop(); // the server is really gone
    expect(h.client.current.state).toBe('reconnecting');
    expect(h.timers.delays).toHaveLength(1);
    h.client.connectionSuspect(); // no socket open: nothing to do
    expect(h.sockets).toHaveLength(2);
  });

  it('stops cleanly: closes the socket and schedules nothing', () => {
    const h = harness();
    h.client.start();
    h.sockets[0]!.open();
    h.client.stop();
    expect(h.sockets[0]!.closed).toBe(true);
    expect(h.timers.delays).toEqual([]);
    h.sockets[0]!.drop();
    expect(h.timers.delays).toEqual([]);
    expect(h.client.current.state).toBe('offline');
  });

  it('retryNow skips the pending wait', () => {
    const h = harness();
    h.client.start();
    h.sockets[0]!.drop();
    expect(h.timers.delays).toHaveLength(1);
    h.client.retryNow();
    expect(h.timers.delays).toHaveLength(0);
    expect(h.sockets).toHaveLength(2);
  });
});
