/**
 * The `elementtiming` name on each incident's title. The browser records when each is painted
 * (PerformanceElementTiming); the first is what bench/client reports as "incident list visible", as any RUM could. A mark set
 * from React would be early (at commit, before layout and paint) or late (in an effect, which React may run
 * after other work once a transition has painted).
 */
export const INCIDENT_TITLE_TIMING = 'incident-title';

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- merged into React's HTMLAttributes<T>: the name must match.
  interface HTMLAttributes<T> {
    /** Element Timing (https://wicg.github.io/element-timing/), which React's types do not know yet. */
    elementtiming?: string;
  }
}
