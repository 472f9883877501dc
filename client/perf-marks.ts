/** Performance marks the app sets at moments a person notices; bench/client reads them, as any RUM could. */
export const LIST_VISIBLE_MARK = 'onpoint:incident-list-visible';

export function markOnce(name: string): void {
  if (!performance.getEntriesByName(name).length) performance.mark(name);
}
