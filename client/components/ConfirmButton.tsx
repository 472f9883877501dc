import { useState, type ReactNode } from 'react';
import { Button } from './ui.js';

/**
 * For what cannot be undone: the first tap only asks. The question takes the first button's place, so a
 * second tap that lands there (a double tap, a tired thumb) reads the question instead of doing it.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  busy = false,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button onClick={() => setAsking(true)} disabled={busy}>
        {label}
      </Button>
    );
  return (
    <div role="group" aria-label={label} className="flex flex-col gap-3 rounded-xl border-2 border-red-700 p-3">
      <p className="text-lg">{question}</p>
      <Button
        kind="danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </Button>
      <Button onClick={() => setAsking(false)}>Cancel</Button>
    </div>
  );
}
