// A server-rendered SVG sparkline: no client JavaScript, so a table of many stays fast to load.

/** `label` names it for screen readers; omit it where the numbers beside it already say everything. */
export function Sparkline({ values, label, width = 72, height = 20 }: { values: (number | null)[]; label?: string; width?: number; height?: number }) {
  const points = values.map((v, i) => ({ i, v })).filter((p): p is { i: number; v: number } => p.v !== null && Number.isFinite(p.v));
  if (points.length < 2) {
    return <span className="inline-block text-[11px] text-faint" style={{ width }} aria-hidden="true" />;
  }
  const min = Math.min(...points.map((p) => p.v));
  const max = Math.max(...points.map((p) => p.v));
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const xy = points.map((p) => [2 + p.i * step, height - 2 - ((p.v - min) / span) * (height - 4)] as const);
  const path = xy.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const last = xy[xy.length - 1];
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })} className="shrink-0 text-accent">
      <path d={path} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
      {last && <circle cx={last[0]} cy={last[1]} r="2" fill="currentColor" />}
    </svg>
  );
}
