// Pure translation of PagerDuty REST v2 incidents into Vitals incidents. No I/O.
import { rootCauseFrom } from '@/lib/collectors/github/map';
import type { PagerDutySettings } from '@/lib/collectors/pagerduty/settings';
import type { IncidentRecord } from '@/lib/collectors/types';

type Maybe<T> = T | null | undefined;

/** The fields of a PagerDuty incident the collector reads (GET /incidents, GET /incidents/{id}). */
export interface PdIncident {
  id: string;
  incident_number?: Maybe<number>;
  title?: Maybe<string>;
  summary?: Maybe<string>;
  description?: Maybe<string>;
  status?: Maybe<string>;
  urgency?: Maybe<string>;
  created_at: string;
  /** Present on newer API responses; else the last status change of a resolved incident is its resolution. */
  resolved_at?: Maybe<string>;
  last_status_change_at?: Maybe<string>;
  priority?: Maybe<{ id?: string; name?: Maybe<string>; summary?: Maybe<string> }>;
  service?: Maybe<{ id: string; summary?: Maybe<string> }>;
  html_url?: Maybe<string>;
}

export interface PdIncidentList {
  incidents?: PdIncident[];
  limit?: number;
  offset?: number;
  more?: boolean;
  total?: Maybe<number>;
}

export function incidentExternalId(incident: Pick<PdIncident, 'id'>): string {
  return `incident:${incident.id}`;
}

export function isResolved(incident: Pick<PdIncident, 'status'>): boolean {
  return incident.status === 'resolved';
}

export function resolvedAtOf(incident: PdIncident): string | undefined {
  if (!isResolved(incident)) return undefined;
  return incident.resolved_at ?? incident.last_status_change_at ?? undefined;
}

export function severityOf(settings: Pick<PagerDutySettings, 'severityFrom' | 'severityMap'>, incident: PdIncident): string | undefined {
  const priority = settings.severityFrom === 'priority' ? (incident.priority?.name ?? incident.priority?.summary ?? undefined) : undefined;
  const name = priority?.trim() || incident.urgency?.trim();
  if (!name) return undefined;
  const mapped = Object.entries(settings.severityMap).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return (mapped?.[1] ?? name.toLowerCase()).slice(0, 50);
}

function link(url: Maybe<string>): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? url.slice(0, 2000) : undefined;
  } catch {
    return undefined;
  }
}

export type MappedIncident = { kind: 'record'; record: IncidentRecord } | { kind: 'unmapped'; service: string };

export function mapPagerDutyIncident(settings: Pick<PagerDutySettings, 'services' | 'severityFrom' | 'severityMap'>, incident: PdIncident): MappedIncident {
  const serviceId = incident.service?.id ?? '';
  const rule = settings.services.find((candidate) => candidate.service === serviceId);
  if (!rule) return { kind: 'unmapped', service: serviceId || '(none)' };
  const title = (incident.title ?? incident.summary ?? '').trim() || `Incident #${incident.incident_number ?? incident.id}`;
  return {
    kind: 'record',
    record: {
      externalId: incidentExternalId(incident),
      ...(rule.team ? { team: rule.team } : { repository: rule.repository }),
      title: title.slice(0, 1000),
      severity: severityOf(settings, incident),
      security: rule.security,
      startedAt: incident.created_at,
      resolvedAt: resolvedAtOf(incident),
      // Responders can name the cause the way GitHub issues do: "root cause: <sha>" in the description.
      causeDeployment: rootCauseFrom(incident.description) ?? rootCauseFrom(incident.title),
      url: link(incident.html_url),
    },
  };
}
