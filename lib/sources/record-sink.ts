// RecordSink over the store: each collected record is validated with the ingest schema (the same door
// the API uses), refused records are reported and skipped, the rest are upserted idempotently.
import type { z } from 'zod';
import type { Db } from '@/lib/db';
import type { RecordSink, WriteResult } from '@/lib/collectors/types';
import { ingestChanges, ingestDeployments, ingestFindings, ingestIncidents } from '@/lib/store/ingest';
import { upsertSourceRepositories } from '@/lib/sources/repositories';
import { changeInput, deploymentInput, findingInput, incidentInput } from '@/lib/validations/ingest';

function validateAll<S extends z.ZodType>(schema: S, kind: string, records: z.input<S>[], onError: (message: string) => void) {
  const valid: z.output<S>[] = [];
  for (const record of records) {
    const parsed = schema.safeParse(record);
    if (parsed.success) {
      valid.push(parsed.data);
    } else {
      const externalId = (record as { externalId?: unknown }).externalId;
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      onError(`${kind} ${String(externalId)} refused: ${problems}`);
    }
  }
  // The same record can appear twice in one batch (an item moving between pages): last one wins.
  const byId = new Map<string, z.output<S>>();
  for (const record of valid) byId.set((record as { externalId: string }).externalId, record);
  return { valid: [...byId.values()], rejected: records.length - valid.length };
}

export function createRecordSink(db: Db, sourceId: number, provider: string, onError: (message: string) => void): RecordSink {
  const write = async <S extends z.ZodType>(
    schema: S,
    kind: string,
    records: z.input<S>[],
    ingest: (db: Db, sourceId: number, records: z.output<S>[]) => Promise<{ created: number; updated: number }>,
  ): Promise<WriteResult> => {
    const { valid, rejected } = validateAll(schema, kind, records, onError);
    const result = valid.length > 0 ? await ingest(db, sourceId, valid) : { created: 0, updated: 0 };
    return { ...result, rejected };
  };
  return {
    repositories: (records) => upsertSourceRepositories(db, sourceId, provider, records),
    changes: (records) => write(changeInput, 'change', records, ingestChanges),
    deployments: (records) => write(deploymentInput, 'deployment', records, ingestDeployments),
    incidents: (records) => write(incidentInput, 'incident', records, ingestIncidents),
    findings: (records) => write(findingInput, 'finding', records, ingestFindings),
  };
}
