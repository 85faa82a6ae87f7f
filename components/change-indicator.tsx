import type { MetricChange } from '@/lib/format/metric-display';

const TONE = {
  better: 'text-good',
  worse: 'text-bad',
  same: 'text-neutral',
  unknown: 'text-faint',
} as const;

const ARROW = { up: '↑', down: '↓', flat: '→' } as const;

/** Change against the previous period: arrow for the raw direction, colour and words for good or bad. */
export function ChangeIndicator({ change, size = 'sm' }: { change: MetricChange; size?: 'xs' | 'sm' }) {
  return (
    <span className={`num inline-flex items-center gap-0.5 whitespace-nowrap font-medium ${TONE[change.trend]} ${size === 'xs' ? 'text-[11px]' : 'text-xs'}`} title={size === 'sm' ? `vs previous period: ${change.spoken}` : undefined}>
      {change.arrow && <span aria-hidden="true">{ARROW[change.arrow]}</span>}
      <span aria-hidden="true">{change.text}</span>
      <span className="sr-only">{change.spoken}</span>
    </span>
  );
}
