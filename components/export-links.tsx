/** Download links for a table or a metrics report, in CSV and JSON. */
export function ExportLinks({ href, label = 'Export' }: { href: (format: 'csv' | 'json') => string; label?: string }) {
  const link = 'inline-flex h-9 items-center gap-1 rounded-md border border-line bg-surface px-3 text-sm font-medium hover:border-accent';
  return (
    <div className="flex items-center gap-2" role="group" aria-label={label}>
      <span className="text-xs font-medium text-muted">{label}</span>
      <a href={href('csv')} className={link} download data-testid="export-csv">
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round"><path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M3 13h10" /></svg> CSV
      </a>
      <a href={href('json')} className={link} download data-testid="export-json">
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round"><path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M3 13h10" /></svg> JSON
      </a>
    </div>
  );
}
