// Delivery is at least once (DESIGN.md §2.3): the browser drops repeats by event_id.

export class EventDeduper {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];

  constructor(private readonly capacity = 2000) {}

  /** true the first time `eventId` is seen, false for a repeat. */
  firstTime(eventId: string): boolean {
    if (this.seen.has(eventId)) return false;
    this.seen.add(eventId);
    this.order.push(eventId);
    if (this.order.length > this.capacity) {
      const old = this.order.shift();
      if (old !== undefined) this.seen.delete(old);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
