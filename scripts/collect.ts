// `npm run collect -- --source NAME [--full]`: one collection run of a source, with a live progress
// line (repositories done/total, records, requests and 304s, rate limit left) and a summary. The run
// is recorded like scheduled ones; Ctrl-C cancels it cleanly (the next run resumes from its cursors).
import { parseArgs } from 'node:util';
import { disconnectDb, getDb } from '@/lib/db';
import type { SyncProgress } from '@/lib/collectors/types';
import { runSync, type RunSummary } from '@/lib/sources/run-sync';

const usage = 'Usage: npm run collect -- --source NAME [--full]';

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
}

function progressLine(progress: SyncProgress, started: number): string {
  const { counts } = progress;
  const share = counts.requests > 0 ? ` (${Math.round((100 * counts.notModified) / counts.requests)}% 304)` : '';
  const limit = progress.rateLimitRemaining === null ? '' : ` · rate limit ${progress.rateLimitRemaining} left`;
  // Sources without repositories (Jira, PagerDuty) show the stream they are reading instead.
  const place = progress.repositoriesTotal > 0 || progress.phase === 'repositories' ? `repositories ${progress.repositoriesDone}/${progress.repositoriesTotal}` : progress.phase;
  return `${place} · records ${progress.records} · requests ${counts.requests}${share}${limit}` +
    `${counts.rateLimitWaits ? ` · ${counts.rateLimitWaits} rate-limit wait(s)` : ''}` +
    `${progress.waitingUntil ? ` · waiting for the rate limit until ${progress.waitingUntil.toISOString().slice(11, 19)}Z` : ''} · ${formatDuration(Date.now() - started)}`;
}

function printSummary(summary: RunSummary): void {
  const { counts } = summary;
  const lines = [
    `Run ${summary.runId} of "${summary.sourceName}": ${summary.status} in ${formatDuration(summary.durationMs)}`,
    `  repositories ${counts.repositories}`,
    `  records      ${counts.changes} changes, ${counts.deployments} deployments, ${counts.incidents} incidents, ${counts.findings} findings`,
    `               ${counts.created} created, ${counts.updated} updated${counts.rejected ? `, ${counts.rejected} refused` : ''}`,
    `  requests     ${counts.requests}, of which ${counts.notModified} answered 304 Not Modified${counts.requests ? ` (${((100 * counts.notModified) / counts.requests).toFixed(1)}%)` : ''}`,
  ];
  if (counts.rateLimitWaits) lines.push(`  waited       ${counts.rateLimitWaits} time(s) for rate limits`);
  const conditions = Object.entries(summary.conditions);
  if (conditions.length > 0) {
    lines.push(`  conditions   ${conditions.length} stream(s) skipped (see npm run vitals -- source show --name ${summary.sourceName}):`);
    for (const [name, message] of conditions.slice(0, 10)) lines.push(`    ${name}: ${message}`);
    if (conditions.length > 10) lines.push(`    … and ${conditions.length - 10} more`);
  }
  if (summary.errors.length > 0) {
    lines.push(`  errors       ${summary.errors.length}:`);
    for (const message of summary.errors.slice(0, 10)) lines.push(`    ${message}`);
  }
  console.log(lines.join('\n'));
}

async function main(): Promise<number> {
  let values: { source?: string; full?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { source: { type: 'string' }, full: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help || !values.source) {
    console.log(usage);
    return values.help ? 0 : 2;
  }

  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nCancelling: finishing the current write, then stopping…\n');
    controller.abort();
  });
  const started = Date.now();
  const live = process.stderr.isTTY;
  let lastPrinted = 0;
  const onProgress = (progress: SyncProgress) => {
    const now = Date.now();
    if (live) {
      if (now - lastPrinted < 100 && !progress.waitingUntil) return;
      process.stderr.write(`\r\u001b[2K${progressLine(progress, started)}`);
    } else {
      // Logs get a line every few seconds, not a redrawn one.
      if (now - lastPrinted < 5000) return;
      process.stderr.write(`${progressLine(progress, started)}\n`);
    }
    lastPrinted = now;
  };
  const summary = await runSync(getDb(), values.source, { full: values.full ?? false, trigger: 'cli', onProgress, signal: controller.signal });
  if (live) process.stderr.write('\r\u001b[2K');
  printSummary(summary);
  return summary.status === 'succeeded' ? 0 : 1;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => disconnectDb());
