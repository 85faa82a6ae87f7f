import Form from 'next/form';
import type { TeamNode } from '@/lib/records/visible-teams';

/** Teams in tree order with their depth, for indented pickers. */
export function teamTree(teams: TeamNode[]): { team: TeamNode; depth: number }[] {
  const ids = new Set(teams.map((t) => t.id));
  const children = new Map<number | null, TeamNode[]>();
  for (const team of teams) {
    // A team whose parent is not visible is shown as a root.
    const parent = team.parentId !== null && ids.has(team.parentId) ? team.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), team]);
  }
  const out: { team: TeamNode; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const team of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({ team, depth });
      walk(team.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Picks the scope of a records table: everything visible, or one team (with its child teams). */
export function ScopeSelect({ action, teams, value, allLabel, extra, preserve }: { action: string; teams: TeamNode[]; value: string; allLabel: string; extra?: { value: string; label: string }; preserve: Record<string, string> }) {
  return (
    <Form action={action} className="flex items-end gap-2" aria-label="Scope">
      {Object.entries(preserve).map(([key, v]) => (
        <input key={key} type="hidden" name={key} value={v} />
      ))}
      <label className="flex flex-col gap-1 text-sm">
        <span className="text-xs font-medium text-muted">Scope</span>
        <select name="scope" defaultValue={value} className="h-9 max-w-64 rounded-md border border-line bg-surface px-2 text-ink">
          <option value="">{allLabel}</option>
          {extra && <option value={extra.value}>{extra.label}</option>}
          {teamTree(teams).map(({ team, depth }) => (
            <option key={team.id} value={`team:${team.slug}`}>
              {`${'\u00a0\u00a0'.repeat(depth)}${team.name}`}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="h-9 rounded-md border border-line bg-raised px-3 text-sm font-medium hover:border-accent">Show</button>
    </Form>
  );
}
