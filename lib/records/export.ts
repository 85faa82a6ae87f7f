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

export type ExportFormat = 'csv' | 'json';

/** A file name safe for Content-Disposition: letters, digits, dot, dash, underscore. */
function exportFileName(parts: string[], extension: ExportFormat): string {
  const base = parts.filter(Boolean).join('_').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+/g, '-');
  return `${base}.${extension}`;
}

/** An export as a file download, named from `fileNameParts`; never cached (it holds what the viewer may see). */
export function downloadResponse(body: BodyInit, format: ExportFormat, fileNameParts: string[]): Response {
  return new Response(body, {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${exportFileName(fileNameParts, format)}"`,
      'Cache-Control': 'no-store',
    },
  });
}
