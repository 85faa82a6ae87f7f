// What the settings of every source kind validate the same way: a repository's "owner/name", and an
// incident mapping rule that names exactly one target (a team or a repository), so a record never has
// two owners or none.
import { z } from 'zod';
import { teamSlug } from '@/lib/validations/ingest';

export const repositoryName = z.string().trim().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/name"');

/** The target fields of a mapping rule, spread into its object schema; exactly one is checked by the refine below. */
export const targetFields = { team: teamSlug.optional(), repository: repositoryName.optional() };

/** For `.refine(hasOneTarget, ONE_TARGET)` on a mapping rule. */
export const hasOneTarget = (rule: { team?: string; repository?: string }) => (rule.team === undefined) !== (rule.repository === undefined);
export const ONE_TARGET = { message: 'needs exactly one of team or repository', path: ['team'] };
