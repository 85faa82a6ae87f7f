// Durations (seconds, as the metrics layer reports them) in the unit a person reads best.

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function trim(value: number): string {
  return value >= 10 ? Math.round(value).toString() : (Math.round(value * 10) / 10).toString();
}

/** "45 min", "3.2 h", "4.5 d". null (no data) shows as an en dash. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  const abs = Math.abs(seconds);
  const sign = seconds < 0 ? '−' : '';
  if (abs < MINUTE) return `${sign}${Math.round(abs)} s`;
  if (abs < HOUR) return `${sign}${trim(abs / MINUTE)} min`;
  if (abs < DAY) return `${sign}${trim(abs / HOUR)} h`;
  return `${sign}${trim(abs / DAY)} d`;
}

/** Long form for screen readers and titles: "3.2 hours". */
export function formatDurationLong(seconds: number | null): string {
  if (seconds === null) return 'no data';
  const abs = Math.abs(seconds);
  if (abs < MINUTE) return `${Math.round(abs)} seconds`;
  if (abs < HOUR) return `${trim(abs / MINUTE)} minutes`;
  if (abs < DAY) return `${trim(abs / HOUR)} hours`;
  return `${trim(abs / DAY)} days`;
}
