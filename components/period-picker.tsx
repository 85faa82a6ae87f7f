'use client';
// The period and time zone of a page live in the URL (server-rendered, shareable). This form is plain
// GET (next/form: client-side navigation with the loading state; a full page load without JavaScript);
// JavaScript also makes a preset apply as soon as it is picked.
import Form from 'next/form';
import { usePathname } from 'next/navigation';
import { useRef, useState } from 'react';

const RANGE_OPTIONS = [
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: 'quarter', label: 'Last quarter' },
  { id: 'custom', label: 'Custom…' },
] as const;

const COMMON_ZONES = [
  'UTC', 'Europe/London', 'Europe/Dublin', 'Europe/Lisbon', 'Europe/Paris', 'Europe/Berlin', 'Europe/Amsterdam',
  'Europe/Madrid', 'Europe/Rome', 'Europe/Zurich', 'Europe/Stockholm', 'Europe/Warsaw', 'Europe/Helsinki',
  'Europe/Athens', 'Europe/Istanbul', 'Africa/Johannesburg', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Singapore',
  'Asia/Shanghai', 'Asia/Tokyo', 'Asia/Seoul', 'Australia/Sydney', 'Australia/Perth', 'Pacific/Auckland',
  'America/Sao_Paulo', 'America/Santiago', 'America/Mexico_City', 'America/New_York', 'America/Toronto',
  'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage',
  'Pacific/Honolulu',
];

export interface PeriodPickerProps {
  range: string;
  from: string;
  /** Exclusive end (API date); shown as the inclusive "until". */
  to: string;
  timeZone: string;
  label: string;
  /** Other search parameters of the page (scope, filters) to keep when the period changes. */
  preserve?: Record<string, string>;
}

function dayBefore(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) - 1));
  return date.toISOString().slice(0, 10);
}

export function PeriodPicker({ range, from, to, timeZone, label, preserve = {} }: PeriodPickerProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const pathname = usePathname();
  const [selected, setSelected] = useState(range);
  const zones = COMMON_ZONES.includes(timeZone) ? COMMON_ZONES : [timeZone, ...COMMON_ZONES];

  return (
    <Form ref={formRef} action={pathname} className="flex flex-wrap items-end gap-3 text-sm" aria-label="Period">
      {Object.entries(preserve).map(([key, value]) => (
        <input key={key} type="hidden" name={key} value={value} />
      ))}
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-muted">Period</span>
        <select
          name="range"
          value={selected}
          onChange={(event) => {
            setSelected(event.target.value);
            if (event.target.value !== 'custom') {
              // Let React commit the new value before the browser reads the form.
              queueMicrotask(() => formRef.current?.requestSubmit());
            }
          }}
          className="h-9 rounded-md border border-line bg-surface px-2 text-ink"
        >
          {RANGE_OPTIONS.map((option) => (
            <option key={option.id} value={option.id}>{option.label}</option>
          ))}
        </select>
      </label>
      {selected === 'custom' && (
        <>
          <label className="flex flex-col gap-1">
            <span className="text-xs font-medium text-muted">From</span>
            <input type="date" name="from" defaultValue={from} required className="h-9 rounded-md border border-line bg-surface px-2 text-ink" />
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-xs font-medium text-muted">Until (inclusive)</span>
            <input type="date" name="until" defaultValue={dayBefore(to)} required className="h-9 rounded-md border border-line bg-surface px-2 text-ink" />
          </label>
        </>
      )}
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-muted">Time zone</span>
        <input
          name="tz"
          defaultValue={timeZone}
          list="vitals-time-zones"
          spellCheck={false}
          autoComplete="off"
          className="h-9 w-44 rounded-md border border-line bg-surface px-2 text-ink"
        />
        <datalist id="vitals-time-zones">
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </label>
      <button type="submit" className="h-9 rounded-md bg-accent px-3 font-medium text-accent-ink hover:opacity-90">
        Apply
      </button>
      <p className="basis-full text-xs text-muted sm:basis-auto sm:self-center" aria-live="polite">
        {label} · {timeZone}
      </p>
    </Form>
  );
}
