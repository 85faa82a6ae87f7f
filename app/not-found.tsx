import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="mx-auto max-w-xl rounded-xl border border-line bg-surface px-6 py-10 text-center">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-muted">There is no such team, repository or record — or it is outside your access.</p>
      <Link href="/" className="link mt-4 inline-block text-sm">Back to the overview</Link>
    </section>
  );
}
