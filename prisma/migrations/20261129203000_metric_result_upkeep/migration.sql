-- MetricResult churns: every write drops the results of the cells holding its records
-- (vitals_metric_results_drop), and dashboards store them again. The drop searches the GIN indexes
-- for every repository a batch touched (up to 2,000), and two things made that search slow:
--
-- GIN's pending list. With fastupdate on, new entries wait in a list that every search reads whole;
-- on the reference database, 4,570 pending entries took the search from 0.7 s to 1.4 s. Results are
-- stored a few thousand at a time, so inserting into the index directly costs little.
ALTER INDEX "MetricResult_repositoryIds_idx" SET (fastupdate = off);
ALTER INDEX "MetricResult_teamIds_idx" SET (fastupdate = off);
SELECT gin_clean_pending_list('"MetricResult_repositoryIds_idx"'::regclass);
SELECT gin_clean_pending_list('"MetricResult_teamIds_idx"'::regclass);

-- Dead results. A dropped result stays in the indexes until VACUUM, and every later search visits it
-- again: with 54,674 dead results, one ingest batch spent a second finding nothing to drop (7 ms once
-- vacuumed). Vacuum the table after 1,000 dead rows whatever its size, rather than after a fifth of it.
ALTER TABLE "MetricResult" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
