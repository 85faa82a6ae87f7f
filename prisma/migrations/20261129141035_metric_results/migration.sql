-- CreateTable
CREATE TABLE "MetricResult" (
    "key" TEXT NOT NULL,
    "repositoryIds" INTEGER[],
    "teamIds" INTEGER[],
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetricResult_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "MetricResultEpoch" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "epoch" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "MetricResultEpoch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MetricResult_repositoryIds_idx" ON "MetricResult" USING GIN ("repositoryIds");

-- CreateIndex
CREATE INDEX "MetricResult_teamIds_idx" ON "MetricResult" USING GIN ("teamIds");

-- CreateIndex
CREATE INDEX "MetricResult_createdAt_idx" ON "MetricResult"("createdAt");

-- The epoch's one row.
INSERT INTO "MetricResultEpoch" ("id", "epoch") VALUES (1, 0);

-- Maintained on write: after every statement that writes records, drop the results of the cells
-- holding them, in the writer's transaction, so a result is never served once its records changed —
-- whichever code path (ingest, a collector, relink, a cascade from a deleted source) wrote them.
-- Statement-level triggers with transition tables: one cheap DELETE per statement, not per row.

-- Takes the records' write lock (lib/store/relink.ts lockRelink: every writer takes it before the
-- epoch, so the order is the same everywhere), bumps the epoch (which readers check before storing,
-- lib/metrics/sql/results.ts) and deletes the results of the given repositories and teams.
CREATE FUNCTION "vitals_metric_results_drop"(repository_ids int[], team_ids int[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- A statement that wrote nothing (the insert half of an upsert that only updated) changes nothing.
  IF repository_ids IS NULL AND team_ids IS NULL THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(7241001, 1);
  UPDATE "MetricResultEpoch" SET "epoch" = "epoch" + 1 WHERE "id" = 1;
  DELETE FROM "MetricResult"
  WHERE "repositoryIds" && COALESCE(repository_ids, '{}') OR "teamIds" && COALESCE(team_ids, '{}');
END;
$$;

CREATE FUNCTION "vitals_metric_results_truncated"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7241001, 1);
  UPDATE "MetricResultEpoch" SET "epoch" = "epoch" + 1 WHERE "id" = 1;
  DELETE FROM "MetricResult";
  RETURN NULL;
END;
$$;

-- Deployments, changes and findings belong to their repository's cells. (A change is only ever shipped
-- by a deployment of its own repository.)
CREATE FUNCTION "vitals_metric_results_by_repository"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "vitals_metric_results_drop"((SELECT array_agg(DISTINCT "repositoryId") FROM new_rows), NULL);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "vitals_metric_results_drop"(
      (SELECT array_agg(DISTINCT id) FROM (SELECT "repositoryId" AS id FROM new_rows UNION SELECT "repositoryId" FROM old_rows) touched),
      NULL);
  ELSE
    PERFORM "vitals_metric_results_drop"((SELECT array_agg(DISTINCT "repositoryId") FROM old_rows), NULL);
  END IF;
  RETURN NULL;
END;
$$;

-- Incidents belong to their repository's cells or, team-only, to their team's; a linked incident also
-- decides its cause deployment's outcome, in that deployment's repository.
CREATE FUNCTION "vitals_metric_results_by_incident"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "vitals_metric_results_drop"(
      (SELECT array_agg(DISTINCT id) FROM (
         SELECT "repositoryId" AS id FROM new_rows
         UNION SELECT d."repositoryId" FROM new_rows i JOIN "Deployment" d ON d.id = i."causeDeploymentId") touched),
      (SELECT array_agg(DISTINCT "teamId") FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "vitals_metric_results_drop"(
      (SELECT array_agg(DISTINCT id) FROM (
         SELECT "repositoryId" AS id FROM new_rows UNION SELECT "repositoryId" FROM old_rows
         UNION SELECT d."repositoryId" FROM new_rows i JOIN "Deployment" d ON d.id = i."causeDeploymentId"
         UNION SELECT d."repositoryId" FROM old_rows i JOIN "Deployment" d ON d.id = i."causeDeploymentId") touched),
      (SELECT array_agg(DISTINCT id) FROM (SELECT "teamId" AS id FROM new_rows UNION SELECT "teamId" FROM old_rows) touched));
  ELSE
    PERFORM "vitals_metric_results_drop"(
      (SELECT array_agg(DISTINCT id) FROM (
         SELECT "repositoryId" AS id FROM old_rows
         UNION SELECT d."repositoryId" FROM old_rows i JOIN "Deployment" d ON d.id = i."causeDeploymentId") touched),
      (SELECT array_agg(DISTINCT "teamId") FROM old_rows));
  END IF;
  RETURN NULL;
END;
$$;

-- Transition tables allow one event per trigger: three triggers per table, and one for TRUNCATE.
CREATE TRIGGER "Deployment_results_insert" AFTER INSERT ON "Deployment" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_by_repository"();
CREATE TRIGGER "Deployment_results_update" AFTER UPDATE ON "Deployment" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_by_repository"();
CREATE TRIGGER "Deployment_results_delete" AFTER DELETE ON "Deployment" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_by_repository"();
CREATE TRIGGER "Deployment_results_truncate" AFTER TRUNCATE ON "Deployment"
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_truncated"();

CREATE TRIGGER "Change_results_insert" AFTER INSERT ON "Change" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_by_repository"();
CREATE TRIGGER "Change_results_update" AFTER UPDATE ON "Change" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_by_repository"();
CREATE TRIGGER "Change_results_delete" AFTER DELETE ON "Change" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_by_repository"();
CREATE TRIGGER "Change_results_truncate" AFTER TRUNCATE ON "Change"
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_truncated"();

CREATE TRIGGER "Finding_results_insert" AFTER INSERT ON "Finding" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_by_repository"();
CREATE TRIGGER "Finding_results_update" AFTER UPDATE ON "Finding" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_by_repository"();
CREATE TRIGGER "Finding_results_delete" AFTER DELETE ON "Finding" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_by_repository"();
CREATE TRIGGER "Finding_results_truncate" AFTER TRUNCATE ON "Finding"
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_truncated"();

CREATE TRIGGER "Incident_results_insert" AFTER INSERT ON "Incident" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_by_incident"();
CREATE TRIGGER "Incident_results_update" AFTER UPDATE ON "Incident" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_by_incident"();
CREATE TRIGGER "Incident_results_delete" AFTER DELETE ON "Incident" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_by_incident"();
CREATE TRIGGER "Incident_results_truncate" AFTER TRUNCATE ON "Incident"
  FOR EACH STATEMENT EXECUTE FUNCTION "vitals_metric_results_truncated"();
