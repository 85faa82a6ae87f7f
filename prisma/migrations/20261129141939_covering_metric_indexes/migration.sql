-- Covering indexes for the metric queries (docs/performance.md): the same leading keys as before, then
-- the columns each query reads, so a scope's records come from the index alone (index-only scans)
-- instead of one table page per record. Records arrive in no particular order, so a repository's rows
-- are spread over the whole table: on the 1M-deployment reference database those page reads were most
-- of a team's cold computation.

-- DropIndex
DROP INDEX "Change_repositoryId_deployedAt_idx";

-- DropIndex
DROP INDEX "Deployment_repositoryId_counted_finishedAt_idx";

-- DropIndex
DROP INDEX "Finding_repositoryId_fixedAt_idx";

-- DropIndex
DROP INDEX "Finding_repositoryId_openedAt_idx";

-- DropIndex
DROP INDEX "Incident_causeDeploymentId_idx";

-- CreateIndex
CREATE INDEX "Change_repositoryId_deployedAt_idx" ON "Change"("repositoryId", "deployedAt", "firstCommitAt", "openedAt", "mergedAt", "isRework", "shippedById");

-- CreateIndex
CREATE INDEX "Deployment_repositoryId_counted_finishedAt_idx" ON "Deployment"("repositoryId", "counted", "finishedAt", "id", "rolledBackAt", "isRollback");

-- CreateIndex
CREATE INDEX "Finding_repositoryId_openedAt_idx" ON "Finding"("repositoryId", "openedAt", "severity", "state", "fixedAt", "dismissedAt", "excluded");

-- CreateIndex
CREATE INDEX "Finding_repositoryId_fixedAt_idx" ON "Finding"("repositoryId", "fixedAt", "openedAt", "severity", "state", "tool", "excluded");

-- CreateIndex
CREATE INDEX "Incident_causeDeploymentId_idx" ON "Incident"("causeDeploymentId", "resolvedAt", "security");
