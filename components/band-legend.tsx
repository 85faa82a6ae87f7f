import { BandBadge } from '@/components/band-badge';
import { DORA_2023 } from '@/lib/metrics/bands';

/** How to read the table: bands, arrows, sparklines — in words, for people new to DORA. */
export function BandLegend() {
  const lt = DORA_2023.leadTime;
  const cfr = DORA_2023.changeFailureRate;
  const days = (seconds: number) => `${seconds / 86_400} d`;
  return (
    <details className="rounded-lg border border-line bg-surface px-4 py-3 text-sm text-muted">
      <summary className="cursor-pointer font-medium text-ink">How to read this</summary>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <div className="space-y-2">
          <p>
            Bands follow the DORA {DORA_2023.id.replace('dora-', '')} benchmarks, from best to worst:{' '}
            <BandBadge band="elite" size="sm" /> <BandBadge band="high" size="sm" /> <BandBadge band="medium" size="sm" /> <BandBadge band="low" size="sm" />.
          </p>
          <p>
            Lead time: elite under {days(lt.elite)}, high under {days(lt.high)}, medium under {days(lt.medium)}. Change failure rate: elite ≤ {cfr.elite * 100} %, high ≤ {cfr.high * 100} %, medium ≤ {cfr.medium * 100} %.
            Deployment frequency is banded on periods of 30 days or more.
          </p>
        </div>
        <div className="space-y-2">
          <p>
            Arrows compare with the previous period of equal length: <span className="font-medium text-good">green means better</span>,{' '}
            <span className="font-medium text-bad">red means worse</span>, whichever way the number moved (more deployments is better; a longer lead time is worse).
          </p>
          <p>Sparklines show the last 12 weeks. A dash means there was nothing to measure.</p>
        </div>
      </div>
    </details>
  );
}
