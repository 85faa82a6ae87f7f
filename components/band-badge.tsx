import type { Band } from '@/lib/metrics/types';
import { BAND_LABELS } from '@/lib/format/metric-display';

const STYLES: Record<Band, string> = {
  elite: 'bg-band-elite text-band-elite-ink',
  high: 'bg-band-high text-band-high-ink',
  medium: 'bg-band-medium text-band-medium-ink',
  low: 'bg-band-low text-band-low-ink',
};

/** Bars filled like a signal meter: a second cue besides colour and the word itself. */
const LEVEL: Record<Band, number> = { elite: 4, high: 3, medium: 2, low: 1 };

export function BandBadge({ band, size = 'md' }: { band: Band | null; size?: 'sm' | 'md' }) {
  if (band === null) return null;
  const level = LEVEL[band];
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full font-semibold ${STYLES[band]} ${
        size === 'sm' ? 'px-1.5 py-px text-[11px]' : 'px-2 py-0.5 text-xs'
      }`}
    >
      <svg aria-hidden="true" viewBox="0 0 12 10" className="h-2.5 w-3">
        {[0, 1, 2, 3].map((i) => (
          <rect key={i} x={i * 3} y={8 - i * 2} width="2" height={2 + i * 2} rx="0.5" fill="currentColor" opacity={i < level ? 1 : 0.25} />
        ))}
      </svg>
      <span>
        <span className="sr-only">Band: </span>
        {BAND_LABELS[band]}
      </span>
    </span>
  );
}
