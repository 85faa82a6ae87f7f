// The notice or error an admin action sent back in the URL (post/redirect/get).
export function Outcome({ notice, error }: { notice?: string; error?: string }) {
  if (error) {
    return (
      <p role="alert" className="rounded-lg border border-bad px-4 py-2 text-sm text-bad">
        {error}
      </p>
    );
  }
  if (notice) {
    return (
      <p role="status" className="rounded-lg border border-line bg-surface px-4 py-2 text-sm">
        {notice}
      </p>
    );
  }
  return null;
}

export function firstParam(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single?.slice(0, 500);
}

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export const inputClass = 'h-9 rounded-md border border-line bg-canvas px-2 text-sm text-ink';
export const buttonClass = 'h-9 rounded-md border border-line bg-raised px-3 text-sm font-medium hover:border-accent';
export const dangerButtonClass = 'h-9 rounded-md border border-bad px-3 text-sm font-medium text-bad hover:bg-raised';
