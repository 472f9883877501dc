import type { ButtonHTMLAttributes, ReactNode } from 'react';
import type { IncidentStatus } from '../../shared/reducer.js';
import type { Severity } from '../../shared/timeline.js';
import { plainErrorText } from '../plain-error.js';

/** Text inputs and selects: as big as the buttons, readable in the dark. */
export const inputClass =
  'min-h-14 rounded-xl border border-slate-300 bg-white px-4 text-lg dark:border-slate-700 dark:bg-slate-900';

const BUTTON_KINDS = {
  primary: 'bg-orange-700 text-white active:bg-orange-800 disabled:bg-orange-900 disabled:text-orange-200',
  secondary: 'bg-slate-200 text-slate-900 active:bg-slate-300 dark:bg-slate-800 dark:text-slate-100 dark:active:bg-slate-700',
  danger: 'bg-red-700 text-white active:bg-red-800',
};

/** One line of the list screen's status area: short, so the incidents start near the top however much is going on. */
export const statusLine = 'flex min-h-12 items-center gap-2 px-3 py-2';

/** Big enough to hit with a thumb, half asleep. */
export function Button({
  kind = 'secondary',
  className = '',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { kind?: keyof typeof BUTTON_KINDS }) {
  return (
    <button
      type="button"
      className={`min-h-14 rounded-xl px-5 text-lg font-semibold disabled:opacity-60 ${BUTTON_KINDS[kind]} ${className}`}
      {...props}
    />
  );
}

const SEVERITY_STYLE: Record<Severity, string> = {
  critical: 'bg-red-600 text-white',
  warning: 'bg-amber-500 text-black',
  info: 'bg-sky-600 text-white',
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`rounded px-2 py-0.5 text-sm font-bold uppercase ${SEVERITY_STYLE[severity]}`}>{severity}</span>;
}

const STATUS_STYLE: Record<IncidentStatus, string> = {
  triggered: 'text-red-700 dark:text-red-400',
  acknowledged: 'text-amber-700 dark:text-amber-300',
  resolved: 'text-emerald-700 dark:text-emerald-400',
};

export function StatusText({ status }: { status: IncidentStatus }) {
  return <span className={`text-sm font-bold uppercase tracking-wide ${STATUS_STYLE[status]}`}>{status}</span>;
}

export function Card({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <section className={`rounded-2xl bg-slate-100 p-4 dark:bg-slate-900 ${className}`}>{children}</section>;
}

export function ErrorText({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="rounded-lg bg-red-100 p-3 text-red-900 dark:bg-red-950 dark:text-red-200">
      {plainErrorText(error)}
    </p>
  );
}
