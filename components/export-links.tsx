/** Download links for a table or a metrics report, in CSV and JSON. */
export function ExportLinks({ href, label = 'Export' }: { href: (format: 'csv' | 'json') => string; label?: string }) {
  const link = 'inline-flex h-9 items-center gap-1 rounded-md border border-line bg-surface px-3 text-sm font-medium hover:border-accent';
  return (
    <div className="flex items-center gap-2" role="group" aria-label={label}>
      <span className="text-xs font-medium text-muted">{label}</span>
      <a href={href('csv')} className={link} download data-testid="export-csv">
        <span aria-hidden="true">⭳</span> CSV
      </a>
      <a href={href('json')} className={link} download data-testid="export-json">
        <span aria-hidden="true">⭳</span> JSON
      </a>
    </div>
  );
}
