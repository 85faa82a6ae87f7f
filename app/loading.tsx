// Shown while a page's numbers are computed (server components stream in behind it).
export default function Loading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-live="polite">
      <p className="sr-only">Loading…</p>
      <div className="h-8 w-72 animate-pulse rounded bg-raised" />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-28 animate-pulse rounded-xl border border-line bg-surface" />
        ))}
      </div>
      <div className="h-96 animate-pulse rounded-xl border border-line bg-surface" />
    </div>
  );
}
