// The ingest benchmark's records and batches (scripts/bench/ingest.ts): valid under the API's own
// schemas, within the contract's limits, in the last two weeks of the reference dataset, repeatable.
import { describe, expect, it } from 'vitest';
import { ingestBodies, MAX_BODY_BYTES, MAX_RECORDS_PER_CALL } from '@/lib/validations/ingest';
import { INGEST_KINDS, ingestRecords, referenceIngestPlan, toBatches } from '@/scripts/bench/ingest';
import { REFERENCE_END, REFERENCE_SCALE, scaled } from '@/scripts/bench/reference-dataset';

const DAY = 86_400_000;
const plan = referenceIngestPlan(REFERENCE_SCALE);
const records = ingestRecords(plan);

describe('the ingest benchmark plan', () => {
  it('sends 2 % of each kind of the reference dataset, at least one full batch', () => {
    expect(plan.records).toEqual({ changes: 40_000, deployments: 20_000, incidents: 5_000, findings: 10_000 });
    expect(referenceIngestPlan(scaled(0.001)).records).toEqual({ changes: 2_000, deployments: 1_000, incidents: 100, findings: 500 });
  });

  it('makes the same records every time, valid as the API validates them', () => {
    expect(JSON.stringify(ingestRecords(plan))).toBe(JSON.stringify(records));
    for (const kind of INGEST_KINDS) {
      expect(records[kind]).toHaveLength(plan.records[kind]);
      expect(() => ingestBodies[kind].parse({ [kind]: records[kind].slice(0, MAX_RECORDS_PER_CALL) })).not.toThrow();
    }
  });

  it('places records in the last two weeks, in time order, and lists only changes merged before, of the same repository', () => {
    const from = new Date(REFERENCE_END.getTime() - 14 * DAY).toISOString();
    const changes = new Map(records.changes.map((change) => [change.externalId as string, change]));
    const instants = records.deployments.map((deployment) => deployment.finishedAt as string);
    expect(instants).toEqual([...instants].sort());
    expect(instants.every((at) => at >= from && at <= REFERENCE_END.toISOString())).toBe(true);
    const listed = records.deployments.filter((deployment) => deployment.changes !== undefined);
    expect(listed.length).toBeGreaterThan(records.deployments.length / 5);
    for (const deployment of listed) {
      for (const ref of deployment.changes as string[]) {
        expect(changes.get(ref)?.repository).toBe(deployment.repository);
        expect((changes.get(ref)?.mergedAt as string) <= (deployment.finishedAt as string)).toBe(true);
      }
    }
  });

  it('batches every record once, in order, within 5,000 records and 1 MB a call', () => {
    for (const kind of INGEST_KINDS) {
      const batches = toBatches(kind, records[kind]);
      for (const batch of batches) {
        expect(batch.records).toBeLessThanOrEqual(MAX_RECORDS_PER_CALL);
        expect(Buffer.byteLength(batch.body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
      }
      expect(batches.flatMap((batch) => (JSON.parse(batch.body) as Record<string, unknown[]>)[kind])).toEqual(records[kind]);
    }
    // Deployments and changes fill a call's megabyte before its 5,000 records.
    expect(toBatches('changes', records.changes)[0]?.records).toBeLessThan(MAX_RECORDS_PER_CALL);
  });
});
