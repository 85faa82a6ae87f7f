// Streams a record query as CSV or JSON: every matching row (not only the page on screen), in batches,
// so a large export never holds the whole table in memory.
import type { AccessScope } from '@/lib/access/viewer';
import type { Db } from '@/lib/db';
import { csvLine, type ExportFormat } from '@/lib/records/export';
import { recordKinds, type RecordKind } from '@/lib/records/kinds';
import { MAX_EXPORT_ROWS, type ExportColumn, type RecordQuery } from '@/lib/records/query';

type BaseQuery = Omit<RecordQuery<never>, 'filters' | 'page' | 'pageSize'>;

interface Exportable<Filters, Row> {
  filters: { parse: (input: unknown) => Filters };
  iterate: (access: AccessScope, db: Db, query: Omit<RecordQuery<Filters>, 'page' | 'pageSize'>, limit: number) => AsyncGenerator<Row>;
  columns: ExportColumn<Row>[];
}

async function* serialise<Filters, Row>(
  definition: Exportable<Filters, Row>,
  access: AccessScope,
  db: Db,
  base: BaseQuery,
  params: Record<string, string>,
  format: ExportFormat,
  meta: Record<string, unknown>,
): AsyncGenerator<string> {
  const filters = definition.filters.parse(params);
  // Start the query before the first byte is sent, so access errors become a proper 403/404.
  const rows = definition.iterate(access, db, { ...base, filters }, MAX_EXPORT_ROWS);
  const first = await rows.next();
  const columns = definition.columns;
  if (format === 'csv') {
    yield csvLine(columns.map((c) => c.key));
    if (first.done) return;
    yield csvLine(columns.map((c) => c.value(first.value)));
    for await (const row of rows) yield csvLine(columns.map((c) => c.value(row)));
    return;
  }
  const toObject = (row: Row) => Object.fromEntries(columns.map((c) => [c.key, c.value(row)]));
  yield `{"meta":${JSON.stringify(meta)},"rows":[`;
  if (!first.done) {
    yield `\n${JSON.stringify(toObject(first.value))}`;
    for await (const row of rows) yield `,\n${JSON.stringify(toObject(row))}`;
  }
  yield '\n]}\n';
}

/**
 * The export of one record kind as text chunks. The generator's first `next()` runs the access check
 * and the first batch; callers await it before answering so errors map to a status code.
 */
export function exportRecords(
  kind: RecordKind,
  access: AccessScope,
  db: Db,
  base: BaseQuery,
  params: Record<string, string>,
  format: ExportFormat,
  meta: Record<string, unknown>,
): AsyncGenerator<string> {
  switch (kind) {
    case 'deployments':
      return serialise(recordKinds.deployments, access, db, base, params, format, meta);
    case 'changes':
      return serialise(recordKinds.changes, access, db, base, params, format, meta);
    case 'incidents':
      return serialise(recordKinds.incidents, access, db, base, params, format, meta);
    case 'findings':
      return serialise(recordKinds.findings, access, db, base, params, format, meta);
    case 'runs':
      return serialise(recordKinds.runs, access, db, base, params, format, meta);
  }
}
