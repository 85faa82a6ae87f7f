// The Jira and PagerDuty collectors as runSync calls them: settings and sealed credentials from the
// source row, the teams the mapping names checked up front (a clear error instead of every batch
// failing), then the kind's sync loop over the shared record sink and sync-state store.
import type { Db } from '@/lib/db';
import { JiraClient } from '@/lib/collectors/jira/client';
import { jiraCredentials, jiraSettings, jiraTeamSlugs } from '@/lib/collectors/jira/settings';
import { syncJira } from '@/lib/collectors/jira/sync';
import { PagerDutyClient } from '@/lib/collectors/pagerduty/client';
import { pagerDutyCredentials, pagerDutySettings, pagerDutyTeamSlugs } from '@/lib/collectors/pagerduty/settings';
import { syncPagerDuty } from '@/lib/collectors/pagerduty/sync';
import { commonSyncInput, type CollectorContext, type CollectorResult } from '@/lib/sources/collector-context';
import { loadCredentials } from '@/lib/sources/credentials';

/** Fails the run before any request when the settings map incidents to teams that do not exist. */
async function requireTeams(db: Db, kind: string, slugs: string[]): Promise<void> {
  if (slugs.length === 0) return;
  const found = await db.team.findMany({ where: { slug: { in: slugs } }, select: { slug: true } });
  const missing = slugs.filter((slug) => !found.some((team) => team.slug === slug));
  if (missing.length > 0) {
    throw new Error(
      `The ${kind} source maps incidents to team(s) that do not exist: ${missing.join(', ')}. ` +
        'Create them (PUT /api/v1/teams/<slug>) or change the mapping with `npm run vitals -- source update`.',
    );
  }
}

async function credentialsOf<T>(db: Db, sourceId: number, kind: string, parse: (value: unknown) => T): Promise<T> {
  const stored = await loadCredentials(db, sourceId);
  if (!stored) throw new Error(`The ${kind} source has no credentials: set them with \`npm run vitals -- source update\``);
  return parse(stored);
}

export async function collectJira(context: CollectorContext): Promise<CollectorResult> {
  const { db, source, options } = context;
  const settings = jiraSettings.parse(source.settings);
  const credentials = await credentialsOf(db, source.id, 'Jira', (value) => jiraCredentials.parse(value));
  await requireTeams(db, 'Jira', jiraTeamSlugs(settings));
  const client = new JiraClient({
    siteUrl: settings.siteUrl,
    email: credentials.email,
    apiToken: credentials.apiToken,
    maxRateLimitWaitSeconds: settings.maxRateLimitWaitSeconds,
    ...options.http,
  });
  return syncJira({ ...commonSyncInput(context, 'jira'), client, settings });
}

export async function collectPagerDuty(context: CollectorContext): Promise<CollectorResult> {
  const { db, source, options } = context;
  const settings = pagerDutySettings.parse(source.settings);
  const credentials = await credentialsOf(db, source.id, 'PagerDuty', (value) => pagerDutyCredentials.parse(value));
  await requireTeams(db, 'PagerDuty', pagerDutyTeamSlugs(settings));
  const client = new PagerDutyClient({
    apiUrl: settings.apiUrl,
    token: credentials.token,
    maxRateLimitWaitSeconds: settings.maxRateLimitWaitSeconds,
    ...options.http,
  });
  return syncPagerDuty({ ...commonSyncInput(context, 'pagerduty'), client, settings });
}
