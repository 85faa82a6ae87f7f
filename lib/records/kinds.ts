// The record kinds behind the drill-down tables and exports, each with its filters, sorts and queries.
import type { ZodType } from 'zod';
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import { changeExportColumns, changeFiltersSchema, CHANGE_SORTS, iterateChanges, listChanges } from '@/lib/records/changes';
import { iterateCollectorRuns, listCollectorRuns, runExportColumns, runFiltersSchema, RUN_SORTS } from '@/lib/records/collector-runs';
import { DEPLOYMENT_SORTS, deploymentExportColumns, deploymentFiltersSchema, iterateDeployments, listDeployments } from '@/lib/records/deployments';
import { FINDING_SORTS, findingExportColumns, findingFiltersSchema, iterateFindings, listFindings } from '@/lib/records/findings';
import { INCIDENT_SORTS, incidentExportColumns, incidentFiltersSchema, iterateIncidents, listIncidents } from '@/lib/records/incidents';
import type { ExportColumn, RecordPage, RecordQuery, SortDirection } from '@/lib/records/query';

export const RECORD_KINDS = ['deployments', 'changes', 'incidents', 'findings', 'runs'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export function isRecordKind(value: string): value is RecordKind {
  return (RECORD_KINDS as readonly string[]).includes(value);
}

interface KindDefinition<Filters, Row> {
  title: string;
  filters: ZodType<Filters>;
  sorts: readonly string[];
  defaultSort: string;
  defaultDirection: SortDirection;
  list: (access: AccessScope, db: Db, query: RecordQuery<Filters>) => Promise<RecordPage<Row>>;
  iterate: (access: AccessScope, db: Db, query: Omit<RecordQuery<Filters>, 'page' | 'pageSize'>, limit: number) => AsyncGenerator<Row>;
  columns: ExportColumn<Row>[];
}

function define<Filters, Row>(definition: KindDefinition<Filters, Row>): KindDefinition<Filters, Row> {
  return definition;
}

export const recordKinds = {
  deployments: define({
    title: 'Deployments',
    filters: deploymentFiltersSchema,
    sorts: DEPLOYMENT_SORTS,
    defaultSort: 'finishedAt',
    defaultDirection: 'desc',
    list: listDeployments,
    iterate: iterateDeployments,
    columns: deploymentExportColumns,
  }),
  changes: define({
    title: 'Changes',
    filters: changeFiltersSchema,
    sorts: CHANGE_SORTS,
    defaultSort: 'deployedAt',
    defaultDirection: 'desc',
    list: listChanges,
    iterate: iterateChanges,
    columns: changeExportColumns,
  }),
  incidents: define({
    title: 'Incidents',
    filters: incidentFiltersSchema,
    sorts: INCIDENT_SORTS,
    defaultSort: 'startedAt',
    defaultDirection: 'desc',
    list: listIncidents,
    iterate: iterateIncidents,
    columns: incidentExportColumns,
  }),
  findings: define({
    title: 'Findings',
    filters: findingFiltersSchema,
    sorts: FINDING_SORTS,
    defaultSort: 'openedAt',
    defaultDirection: 'asc',
    list: listFindings,
    iterate: iterateFindings,
    columns: findingExportColumns,
  }),
  runs: define({
    title: 'Collector runs',
    filters: runFiltersSchema,
    sorts: RUN_SORTS,
    defaultSort: 'startedAt',
    defaultDirection: 'desc',
    list: listCollectorRuns,
    iterate: iterateCollectorRuns,
    columns: runExportColumns,
  }),
};
