// Named checks for actions (reading is enforced by AccessScope in the query layer; these guard changes).
// DESIGN.md "Access control": admin everything; executive reads all teams and changes nothing; manager
// reads own teams and edits their settings; member reads own teams.
import type { Viewer } from '@/lib/access/viewer';

export function canAdminister(viewer: Viewer | null): boolean {
  return viewer?.role === 'admin';
}

/** Team settings (not memberships, which are admin-only): admins, and managers of that team. */
export function canEditTeamSettings(viewer: Viewer | null, teamId: number): boolean {
  if (!viewer) return false;
  if (viewer.role === 'admin') return true;
  return viewer.role === 'manager' && viewer.kind === 'user' && viewer.managedTeamIds.includes(teamId);
}

/** Exports carry the same data as the pages, so whoever may read may export; the export is audited. */
export function canExport(viewer: Viewer | null): boolean {
  return viewer !== null && viewer.role !== null;
}
