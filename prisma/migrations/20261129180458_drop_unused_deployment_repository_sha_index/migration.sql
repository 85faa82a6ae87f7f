-- Nothing reads this index: the metric queries and relink reach deployments through the
-- (repositoryId, counted, finishedAt) covering index, and an incident's cause named by SHA through the
-- index on sha alone. Every deployment written paid for it with an entry at a random place (91 MB at
-- 1M deployments, 0 scans over a full `npm run bench`).
-- DropIndex
DROP INDEX "Deployment_repositoryId_sha_idx";
