import { EventEmitter } from 'node:events';
import type { TimelineEvent } from '../../shared/timeline.js';

/** Fans committed timeline events out to the live streams of this process. */
export interface LiveBus {
  publish(event: TimelineEvent): void;
  subscribe(listener: (event: TimelineEvent) => void): () => void;
  subscriberCount(): number;
  /**
   * Every event up to this seq has been passed to subscribers (or given up on); a stream's backlog
   * stops here and the bus carries on from it, so a reader never gets a later event before an earlier one.
   */
  highWater(): number;
}

export function createLiveBus(): LiveBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (event) => emitter.emit('event', event),
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    subscriberCount: () => emitter.listenerCount('event'),
    // One process, one writer: whatever is committed is already in order.
    highWater: () => Number.MAX_SAFE_INTEGER,
  };
}
