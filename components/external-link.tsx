import type { ReactNode } from 'react';

/** A link to the record at its source (GitHub, Jira, PagerDuty), opened in a new tab. */
export function ExternalLink({ href, children, label }: { href: string | null; children: ReactNode; label?: string }) {
  if (!href || !/^https?:\/\//i.test(href)) return <>{children}</>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className="link" aria-label={label}>
      {children}
      <span aria-hidden="true" className="ml-0.5 text-[10px]">↗</span>
      <span className="sr-only"> (opens at the source in a new tab)</span>
    </a>
  );
}
