// Source kinds: how each one's settings and credentials are validated. GitHub now; Jira and PagerDuty
// add an entry here (and a collector in lib/collectors/<kind>) and reuse the CRUD, encrypted
// credentials, sync state and run machinery of lib/sources unchanged.
import { z } from 'zod';
import { githubCredentials, githubSettings } from '@/lib/collectors/github/settings';
import { jiraCredentials, jiraSettings } from '@/lib/collectors/jira/settings';
import { pagerDutyCredentials, pagerDutySettings } from '@/lib/collectors/pagerduty/settings';

export interface SourceKindDefinition {
  settings: z.ZodType<Record<string, unknown>>;
  /** null: the kind has no secret (e.g. the ingest API's sources, whose tokens live in ApiToken). */
  credentials: z.ZodType<Record<string, string>> | null;
  /** Labels of the credential fields, for messages; their values are never shown. */
  secretFields: string[];
}

export const SOURCE_KINDS = {
  github: { settings: githubSettings, credentials: githubCredentials, secretFields: ['token'] },
  jira: { settings: jiraSettings, credentials: jiraCredentials, secretFields: ['email', 'apiToken'] },
  pagerduty: { settings: pagerDutySettings, credentials: pagerDutyCredentials, secretFields: ['token'] },
  ingest: { settings: z.strictObject({}), credentials: null, secretFields: [] },
} satisfies Record<string, SourceKindDefinition>;

export type SourceKind = keyof typeof SOURCE_KINDS;

export function isSourceKind(kind: string): kind is SourceKind {
  return Object.hasOwn(SOURCE_KINDS, kind);
}
