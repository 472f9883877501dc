import { HttpError } from '../http/errors.js';

export interface StreamLimits {
  /** Open live streams per login session: a phone and a few tabs, not a runaway loop. */
  perSession: number;
  /** Open live streams in this process, whoever opens them. */
  overall: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { perSession: 10, overall: 1000 };

/**
 * Counts the live streams held open, so one session (or everyone at once) cannot hold every socket
 * and timer of the process. `open` gives a release to call when the stream closes, or refuses.
 */
export function createStreamCounter(limits: StreamLimits) {
  const bySession = new Map<string, number>();
  let total = 0;
  return {
    open(session: string): () => void {
      const mine = bySession.get(session) ?? 0;
      if (mine >= limits.perSession) {
        throw new HttpError(
          429,
          'too_many_streams',
          `This login already has ${limits.perSession} live connections open (tabs or windows): close some, then reload`,
        );
      }
      if (total >= limits.overall) {
        throw new HttpError(503, 'server_busy', 'onpoint has as many live connections as it takes right now: try again shortly');
      }
      bySession.set(session, mine + 1);
      total++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total--;
        const left = (bySession.get(session) ?? 1) - 1;
        if (left > 0) bySession.set(session, left);
        else bySession.delete(session);
      };
    },
  };
}
