// Settings of a PagerDuty source (non-secret; the REST API key is kept apart, encrypted). Validated
// on every add/update and again before each sync.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { hasOneTarget, ONE_TARGET, targetFields } from '@/lib/collectors/mapping-target';
import { apiBaseUrl } from '@/lib/collectors/rest-client';

/** A PagerDuty service's incidents belong to a team (or a repository) of Vitals. */
export const pagerDutyServiceMapping = z
  .strictObject({
    /** The service id, as in https://SUBDOMAIN.pagerduty.com/service-directory/PXXXXXX. */
    service: z.string().trim().regex(/^[A-Z0-9]{2,32}$/, 'must be a PagerDuty service id, e.g. PIJ90N7'),
    ...targetFields,
    /** Every incident of this service is a security incident (a SecOps service). */
    security: z.boolean().default(false),
  })
  .refine(hasOneTarget, ONE_TARGET);
export type PagerDutyServiceMapping = z.infer<typeof pagerDutyServiceMapping>;

/** PagerDuty's default priorities and its two urgencies, as Vitals severities. */
export const DEFAULT_PAGERDUTY_SEVERITY_MAP: Record<string, string> = {
  P1: 'critical',
  P2: 'high',
  P3: 'medium',
  P4: 'low',
  P5: 'low',
  high: 'high',
  low: 'low',
};

export const pagerDutySettings = z
  .strictObject({
    /** https://api.pagerduty.com, or https://api.eu.pagerduty.com for an EU account. */
    apiUrl: apiBaseUrl.default('https://api.pagerduty.com'),
    services: z.array(pagerDutyServiceMapping).min(1, 'map at least one service').max(500),
    /** Priority (when the incident has one, else its urgency), or always the urgency. */
    severityFrom: z.enum(['priority', 'urgency']).default('priority'),
    /** Priority name or urgency → severity; unlisted names are kept, lower-cased. */
    severityMap: z.record(z.string().trim().min(1).max(100), z.string().trim().min(1).max(50)).default(DEFAULT_PAGERDUTY_SEVERITY_MAP),
    /** How far back the first sync reaches (incidents created since then). */
    lookbackDays: z.number().int().min(1).max(3650).default(180),
    /** Days per since/until window (PagerDuty allows at most 6 months per query). */
    windowDays: z.number().int().min(1).max(180).default(30),
    maxRateLimitWaitSeconds: z.number().int().min(0).max(3600).default(900),
  })
  .refine((settings) => new Set(settings.services.map((rule) => rule.service)).size === settings.services.length, {
    message: 'lists a service twice',
    path: ['services'],
  });
export type PagerDutySettings = z.infer<typeof pagerDutySettings>;
export type PagerDutySettingsInput = z.input<typeof pagerDutySettings>;

export const pagerDutyCredentials = z.strictObject({
  token: z.string().trim().min(1, 'a REST API key is required').max(1000),
});
export type PagerDutyCredentials = z.infer<typeof pagerDutyCredentials>;

export function pagerDutyTeamSlugs(settings: PagerDutySettings): string[] {
  return [...new Set(settings.services.flatMap((rule) => (rule.team ? [rule.team] : [])))];
}

/**
 * A fingerprint of the settings that shape records or select incidents. When it changes, the next
 * sync walks the whole lookback again so stored records follow the new settings.
 */
export function pagerDutyRecordShapeKey(settings: PagerDutySettings): string {
  const { apiUrl, services, severityFrom, severityMap } = settings;
  return createHash('sha256').update(JSON.stringify({ apiUrl, services, severityFrom, severityMap })).digest('hex').slice(0, 16);
}
