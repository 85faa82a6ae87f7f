// Who is asking, and what they may read. Every metric and record query takes an AccessScope as its
// first argument, so no page, route, export or digest can forget the check (DESIGN.md "Access control").

export const ROLES = ['admin', 'executive', 'manager', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** A signed-in user, or an API token acting for a caller. */
export interface Viewer {
  kind: 'user' | 'token' | 'system';
  id: string;
  name: string;
  /** null: signed in but granted nothing yet. */
  role: Role | null;
  /** Teams the viewer belongs to directly (memberships, or a token's team limit). */
  teamIds: number[];
  /** Team ids where the viewer is a manager (may edit team settings). */
  managedTeamIds: number[];
  /** API token scopes; empty for users. */
  scopes: string[];
}

/**
 * What a viewer may read. `all` covers the org scope and every team; otherwise the listed teams and,
 * resolved in the query layer, their descendants.
 */
export type AccessScope = { kind: 'all' } | { kind: 'teams'; teamIds: number[] };

export const FULL_ACCESS: AccessScope = { kind: 'all' };
export const NO_ACCESS: AccessScope = { kind: 'teams', teamIds: [] };

export function accessScopeOf(viewer: Viewer): AccessScope {
  if (viewer.kind === 'system') return FULL_ACCESS;
  if (viewer.role === null) return NO_ACCESS;
  // A token limited to teams never reads beyond them, whatever its creator's role.
  if (viewer.kind === 'token' && viewer.teamIds.length > 0) return { kind: 'teams', teamIds: viewer.teamIds };
  if (viewer.role === 'admin' || viewer.role === 'executive') return FULL_ACCESS;
  return { kind: 'teams', teamIds: viewer.teamIds };
}

export function isAdmin(viewer: Viewer): boolean {
  return viewer.role === 'admin';
}

/** Thrown by the query layer when a scope is outside the caller's access; routes map it to 403. */
export class ForbiddenError extends Error {
  constructor(message = 'You do not have access to this scope.') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** Thrown when a scope names a team or repository that does not exist; routes map it to 404. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}
