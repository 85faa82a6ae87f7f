// CSV (RFC 4180) and JSON serialisation of record and metric exports.

type Cell = string | number | boolean | null;

/**
 * Spreadsheet apps execute cells starting with = + - @ (CSV injection); record titles come from
 * outside (pull request titles, incident names), so such text cells are prefixed with a quote.
 */
function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return csvLine(header) + rows.map(csvLine).join('');
}

/** A file name safe for Content-Disposition: letters, digits, dot, dash, underscore. */
export function exportFileName(parts: string[], extension: 'csv' | 'json'): string {
  const base = parts.filter(Boolean).join('_').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+/g, '-');
  return `${base}.${extension}`;
}
