import type { ReactNode } from 'react';
import { Link } from 'wouter';

/**
 * The header, below an installed app's status bar and clear of a notch (index.html has viewport-fit=cover).
 * `titleIsHeading: false` on a screen with its own main heading, so a screen reader hears the title once.
 */
export function TopBar({
  title,
  back,
  right,
  titleIsHeading = true,
}: {
  title: string;
  back?: string;
  right?: ReactNode;
  titleIsHeading?: boolean;
}) {
  const Title = titleIsHeading ? 'h1' : 'p';
  return (
    <header className="sticky top-0 z-10 flex min-h-14 items-center gap-2 border-b border-slate-200 bg-white/95 pt-[env(safe-area-inset-top)] pr-[max(0.5rem,env(safe-area-inset-right))] pl-[max(0.5rem,env(safe-area-inset-left))] backdrop-blur dark:border-slate-800 dark:bg-[#0b0f17]/95">
      {back ? (
        <Link href={back} className="flex min-h-12 min-w-12 items-center px-2 text-lg font-medium text-accent">
          ‹ Back
        </Link>
      ) : (
        <span className="px-2 text-lg font-bold text-accent">onpoint</span>
      )}
      <Title className="flex-1 truncate text-lg font-semibold">{title}</Title>
      {right}
    </header>
  );
}
