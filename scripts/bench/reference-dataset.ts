// The benchmark's reference organisation, generated inside PostgreSQL (generate_series + a seeded
// random()) so a million deployments load in seconds instead of crossing the wire row by row:
// 200 teams in two levels, 2,000 repositories, and over two years 1,000,000 deployments, 2,000,000
// changes, 100,000 incidents and 500,000 findings at scale 1. Skewed like real organisations: low
// repository numbers are busy (a power law), and they belong to the first few teams. Records are
// numbered and stored in the order they happened, as in a database that has been collecting for two
// years (ids, external ids and table order follow time), not in the order they were drawn.
import pg from 'pg';

export interface ReferenceScale {
  teams: number;
  repositories: number;
  deployments: number;
  changes: number;
  incidents: number;
  findings: number;
}

export const REFERENCE_SCALE: ReferenceScale = {
  teams: 200,
  repositories: 2000,
  deployments: 1_000_000,
  changes: 2_000_000,
  incidents: 100_000,
  findings: 500_000,
};

/** The reference dataset's two years end here, so every run measures the same data. */
export const REFERENCE_END = new Date('2026-11-01T00:00:00Z');
const SPAN_DAYS = 730;

export function scaled(factor: number): ReferenceScale {
  const at = (n: number, min: number) => Math.max(min, Math.round(n * factor));
  return {
    teams: at(REFERENCE_SCALE.teams, 10),
    repositories: at(REFERENCE_SCALE.repositories, 20),
    deployments: at(REFERENCE_SCALE.deployments, 100),
    changes: at(REFERENCE_SCALE.changes, 200),
    incidents: at(REFERENCE_SCALE.incidents, 10),
    findings: at(REFERENCE_SCALE.findings, 50),
  };
}

/**
 * A repository number from 1 to n, busy ones first: `random()^2.5` piles draws near 0. The SQL
 * fragment is interpolated only with numbers computed here, never with input.
 */
const skewedRepository = (repositories: number) => `(1 + floor(${repositories} * power(random(), 2.5)))::int`;

export interface LoadProgress {
  (step: string, rows: number, milliseconds: number): void;
}

/** Fills an empty, migrated database with the reference organisation. */
export async function loadReferenceDataset(databaseUrl: string, scale: ReferenceScale, seed: number, onProgress: LoadProgress): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const step = async (name: string, sql: string, values: unknown[] = []) => {
    const started = performance.now();
    const result = await client.query(sql, values);
    onProgress(name, result.rowCount ?? 0, performance.now() - started);
  };
  const end = REFERENCE_END.toISOString();
  const instantIn = (spanDays = SPAN_DAYS) => `($1::timestamptz - random() * interval '${spanDays} days')`;
  const parents = Math.max(1, Math.round(scale.teams / 10));
  try {
    await client.query('BEGIN');
    // setseed makes random() repeatable for the rest of the session's statements.
    await client.query('SELECT setseed($1)', [((seed % 1000) / 1000) * 2 - 1]);
    await step('source', `INSERT INTO "Source" (kind, name, "updatedAt") VALUES ('ingest', 'bench', now())`);
    await step(
      'teams',
      `INSERT INTO "Team" (id, slug, name, "parentId", "updatedAt")
       SELECT i, 'team-' || i, 'Team ' || i, CASE WHEN i <= $1 THEN NULL ELSE 1 + (i - 1) % $1 END, now()
       FROM generate_series(1, $2) AS i`,
      [parents, scale.teams],
    );
    // Repositories go to child teams in order, so the busy low numbers crowd the first teams.
    await step(
      'repositories',
      `INSERT INTO "Repository" (id, "fullName", "teamId", "sourceId", "updatedAt")
       SELECT r, 'bench/repo-' || r, $1 + 1 + ((r - 1) * ($2 - $1)) / $3, 1, now()
       FROM generate_series(1, $3) AS r`,
      [parents, scale.teams, scale.repositories],
    );
    await step(
      'deployments',
      `INSERT INTO "Deployment" ("sourceId", "externalId", "repositoryId", environment, status, sha, "startedAt", "finishedAt", "isRollback", "updatedAt")
       SELECT 1, 'd' || row_number() OVER (ORDER BY finished, i), repo, env, status, md5(i::text), finished - interval '6 minutes', finished, random() < 0.02, now()
       FROM (SELECT i, ${skewedRepository(scale.repositories)} AS repo, ${instantIn()} AS finished,
                    CASE WHEN random() < 0.85 THEN 'production' WHEN random() < 0.6 THEN 'staging' ELSE 'preprod' END AS env,
                    CASE WHEN random() < 0.93 THEN 'success' WHEN random() < 0.7 THEN 'failure' ELSE 'error' END AS status
             FROM generate_series(1, $2) AS i) AS d
       ORDER BY finished, i`,
      [end, scale.deployments],
    );
    await step(
      'changes',
      `INSERT INTO "Change" ("sourceId", "externalId", "repositoryId", number, title, labels, "firstCommitAt", "openedAt", "mergedAt", "mergeSha", "updatedAt")
       SELECT 1, 'c' || n, repo, n,
              CASE WHEN random() < 0.02 THEN 'Revert "change ' || (n - 1) || '"' ELSE 'Change ' || n END,
              CASE WHEN random() < 0.03 THEN ARRAY['hotfix'] ELSE ARRAY['feature'] END,
              merged - coding - review, merged - review, merged, md5('c' || i), now()
       FROM (SELECT i, row_number() OVER (ORDER BY merged, i) AS n, repo, merged, coding, review
             FROM (SELECT i, ${skewedRepository(scale.repositories)} AS repo, ${instantIn()} AS merged,
                          power(random(), 2) * interval '10 days' AS coding, power(random(), 2) * interval '5 days' AS review
                   FROM generate_series(1, $2) AS i) AS drawn) AS c
       ORDER BY n`,
      [end, scale.changes],
    );
    await step(
      'incidents',
      `INSERT INTO "Incident" ("sourceId", "externalId", "repositoryId", title, severity, security, "startedAt", "resolvedAt", "updatedAt")
       SELECT 1, 'i' || n, repo, 'Incident ' || n, (ARRAY['SEV1','SEV2','SEV3'])[1 + floor(random() * 3)::int],
              random() < 0.1, started, CASE WHEN random() < 0.03 THEN NULL ELSE started + power(random(), 3) * interval '10 days' END, now()
       FROM (SELECT row_number() OVER (ORDER BY started, i) AS n, repo, started
             FROM (SELECT i, ${skewedRepository(scale.repositories)} AS repo, ${instantIn()} AS started
                   FROM generate_series(1, $2) AS i) AS drawn) AS x
       ORDER BY n`,
      [end, scale.incidents],
    );
    await step(
      'findings',
      `INSERT INTO "Finding" ("sourceId", "externalId", "repositoryId", tool, "ruleId", severity, state, "dismissedReason", "openedAt", "fixedAt", "dismissedAt", "updatedAt")
       SELECT 1, 'f' || row_number() OVER (ORDER BY opened, i), repo, tool, 'rule-' || (i % 97), severity, state,
              CASE WHEN state = 'dismissed' THEN (ARRAY['false positive','won''t fix','used in tests','tolerable_risk'])[1 + floor(random() * 4)::int] END,
              opened, CASE WHEN state = 'fixed' THEN closed END, CASE WHEN state = 'dismissed' THEN closed END, now()
       FROM (SELECT i, repo, tool, opened, opened + power(random(), 2) * interval '200 days' AS closed,
                    CASE WHEN tool = 'secret-scanning' THEN 'critical' ELSE (ARRAY['critical','high','medium','low'])[1 + floor(random() * 4)::int] END AS severity,
                    CASE WHEN roll < 0.6 THEN 'fixed' WHEN roll < 0.85 THEN 'open' ELSE 'dismissed' END AS state
             FROM (SELECT i, ${skewedRepository(scale.repositories)} AS repo, ${instantIn()} AS opened, random() AS roll,
                          (ARRAY['code-scanning','dependabot','dependabot','secret-scanning'])[1 + floor(random() * 4)::int] AS tool
                   FROM generate_series(1, $2) AS i) AS raw) AS f
       ORDER BY opened, i`,
      [end, scale.findings],
    );
    // Closing times drawn past the end of the data are still open at the end.
    await step(
      'findings still open at the end',
      `UPDATE "Finding" SET state = 'open', "fixedAt" = NULL, "dismissedAt" = NULL, "dismissedReason" = NULL
       WHERE COALESCE("fixedAt", "dismissedAt") > $1::timestamptz`,
      [end],
    );
    for (const table of ['Team', 'Repository']) {
      // Explicit ids were inserted above; move the sequences past them for later inserts.
      await client.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT max(id) FROM "${table}"))`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}
