// Display formatting for numbers. The metrics layer never rounds; the UI rounds here, for display only.

const countFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** A fraction in [0, 1] (or above, for the net resolve rate) as a percentage; null shows as an en dash. */
export function formatPercent(value: number | null, digits = 1): string {
  if (value === null) return '–';
  const percent = value * 100;
  // Whole numbers read better without ".0"; small non-zero values keep a decimal so 0.4 % is not "0 %".
  const fixed = Number.isInteger(Math.round(percent * 10) / 10) ? Math.round(percent).toString() : percent.toFixed(digits);
  return `${fixed} %`;
}

export function formatDecimal(value: number | null, digits = 1): string {
  if (value === null) return '–';
  return new Intl.NumberFormat('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}
