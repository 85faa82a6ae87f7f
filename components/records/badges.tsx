// Small text labels for record states. Colour reinforces the word; it never replaces it.
import type { ReactNode } from 'react';

type Tone = 'good' | 'bad' | 'warn' | 'neutral' | 'info';

const TONES: Record<Tone, string> = {
  good: 'bg-band-elite text-band-elite-ink',
  bad: 'bg-band-low text-band-low-ink',
  warn: 'bg-band-medium text-band-medium-ink',
  info: 'bg-band-high text-band-high-ink',
  neutral: 'bg-raised text-muted',
};

export function Pill({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-px text-[11px] font-semibold ${TONES[tone]}`}>
      {children}
    </span>
  );
}

const SEVERITY_TONE: Record<string, Tone> = { critical: 'bad', high: 'warn', medium: 'info', low: 'neutral' };

export function SeverityPill({ severity }: { severity: string | null }) {
  if (!severity) return <span className="text-faint">–</span>;
  return <Pill tone={SEVERITY_TONE[severity.toLowerCase()] ?? 'neutral'}>{severity.charAt(0).toUpperCase() + severity.slice(1)}</Pill>;
}

export function DeploymentStatusPill({ status }: { status: string }) {
  const tone: Tone = status === 'success' ? 'good' : status === 'failure' || status === 'error' ? 'bad' : 'neutral';
  return <Pill tone={tone}>{status}</Pill>;
}

export function RunStatusPill({ status }: { status: string }) {
  const tone: Tone = status === 'succeeded' ? 'good' : status === 'failed' ? 'bad' : status === 'running' ? 'info' : 'neutral';
  return <Pill tone={tone}>{status}</Pill>;
}
