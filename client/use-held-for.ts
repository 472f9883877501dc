import { useEffect, useState } from 'react';

/** Whether `condition` has been true for `ms` (and from then on): for a wait that must end however slow the thing waited for. */
export function useHeldFor(condition: boolean, ms: number): boolean {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (!condition) return;
    const timer = setTimeout(() => setHeld(true), ms);
    return () => clearTimeout(timer);
  }, [condition, ms]);
  return held;
}
