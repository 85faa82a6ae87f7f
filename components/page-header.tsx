import type { ReactNode } from 'react';

export function PageHeader({ title, eyebrow, description, actions }: { title: ReactNode; eyebrow?: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        {eyebrow && <div className="mb-1 text-sm text-muted">{eyebrow}</div>}
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="mt-1 max-w-3xl text-sm text-muted">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-end gap-3">{actions}</div>}
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'error' }) {
  return (
    <p role={tone === 'error' ? 'alert' : 'status'} className={`rounded-lg border px-4 py-2 text-sm ${tone === 'error' ? 'border-bad text-bad' : 'border-line bg-surface text-muted'}`}>
      {children}
    </p>
  );
}

export function AccessDenied({ message }: { message: string }) {
  return (
    <section className="rounded-xl border border-line bg-surface px-6 py-10 text-center">
      <h1 className="text-lg font-semibold">Not available to you</h1>
      <p className="mt-2 text-sm text-muted">{message} Ask an admin to grant you access to the team.</p>
    </section>
  );
}
