/** Pages per week as bars: plain SVG, readable on a phone, no chart library in the download. */
export function WeeklyPagesChart({ weeks }: { weeks: { weekStart: string; pages: number }[] }) {
  const max = Math.max(1, ...weeks.map((w) => w.pages));
  const width = 340;
  const height = 140;
  // Room above the tallest bar for its number.
  const top = 16;
  const bar = width / Math.max(weeks.length, 1);
  return (
    <svg viewBox={`0 ${-top} ${width} ${height + 24 + top}`} role="img" aria-label="Pages per week" className="w-full">
      {weeks.map((w, i) => {
        const h = (w.pages / max) * height;
        return (
          <g key={w.weekStart}>
            <title>{`Week of ${w.weekStart}: ${w.pages} pages`}</title>
            <rect
              x={i * bar + 3}
              y={height - h}
              width={bar - 6}
              height={h}
              rx={3}
              className="fill-orange-700 dark:fill-orange-400"
            />
            <text x={i * bar + bar / 2} y={height - h - 4} textAnchor="middle" className="fill-current text-[11px]">
              {w.pages}
            </text>
            <text
              x={i * bar + bar / 2}
              y={height + 16}
              textAnchor="middle"
              className="fill-slate-600 text-[10px] dark:fill-slate-400"
            >
              {w.weekStart.slice(5)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
