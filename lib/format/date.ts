// Dates and times shown in the viewer's chosen time zone (the `tz` of the page), never the server's.

const formats = new Map<string, Intl.DateTimeFormat>();

function format(key: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${key}|${timeZone}`;
  let f = formats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    formats.set(id, f);
  }
  return f;
}

/** "3 Mar 2026, 14:05" */
export function formatDateTime(value: Date | null, timeZone: string): string {
  if (!value) return '–';
  return format('dt', timeZone, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(value);
}

/** "3 Mar 2026" */
export function formatDate(value: Date | null, timeZone: string): string {
  if (!value) return '–';
  return format('d', timeZone, { day: 'numeric', month: 'short', year: 'numeric' }).format(value);
}

/** "3 Mar" */
export function formatShortDate(value: Date, timeZone: string): string {
  return format('sd', timeZone, { day: 'numeric', month: 'short' }).format(value);
}

/** ISO 8601 in UTC, for exports and machine-readable attributes. */
export function toIso(value: Date | null): string {
  return value ? value.toISOString() : '';
}
