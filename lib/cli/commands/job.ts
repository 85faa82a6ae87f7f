// `npm run vitals -- job sync|list|next|retry`: "sync now", job history and next runs from the shell.
import { UsageError, type CliGroup } from '@/lib/cli/command';
import { getDb } from '@/lib/db';
import { getJobSender, stopJobSender } from '@/lib/jobs/boss';
import { errorSummary, JOB_STATES, listDigestSubscriptions, listJobHistory, listSourceSchedules, nextDigestCheck, type JobState } from '@/lib/jobs/history';
import { syncQueueName } from '@/lib/jobs/queues';
import { requestSync, retryFailedJob, SyncRequestError } from '@/lib/jobs/sync-now';

const cliActor = { type: 'cli' as const, name: 'vitals cli' };

function when(date: Date | null): string {
  return date ? date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z') : '–';
}

function durationOf(start: Date | null, end: Date | null): string {
  if (!start || !end) return '';
  const seconds = Math.round((end.getTime() - start.getTime()) / 1000);
  return seconds < 120 ? `${seconds}s` : `${Math.round(seconds / 60)}m`;
}

export const jobCommands: CliGroup = {
  name: 'job',
  summary: 'Scheduled jobs: sync now, history, next runs',
  actions: {
    sync: {
      summary: 'Queue a sync of a source now (a worker runs it)',
      usage: 'job sync --source NAME [--full]',
      options: { source: { type: 'string' }, full: { type: 'boolean' } },
      async run(values) {
        if (typeof values.source !== 'string') throw new UsageError('Usage: job sync --source NAME [--full]');
        try {
          const result = await requestSync(getDb(), await getJobSender(), {
            sourceName: values.source,
            trigger: 'cli',
            full: values.full === true,
            actor: cliActor,
          });
          console.log(result.jobId
            ? `Queued a ${values.full === true ? 'full ' : ''}sync of "${result.sourceName}" (job ${result.jobId}). A running worker picks it up; follow it with: npm run vitals -- job list --source ${result.sourceName}`
            : `A sync of "${result.sourceName}" is already waiting; nothing more was queued.`);
        } catch (error) {
          if (error instanceof SyncRequestError) throw new UsageError(error.message);
          throw error;
        } finally {
          await stopJobSender();
        }
      },
    },
    list: {
      summary: 'Job history, newest first (failed jobs are kept for weeks)',
      usage: 'job list [--source NAME | --kind sync|digest] [--state failed|retry|active|created|completed|cancelled] [--limit N]',
      options: { source: { type: 'string' }, kind: { type: 'string' }, state: { type: 'string' }, limit: { type: 'string' } },
      async run(values) {
        const db = getDb();
        let queue: string | undefined;
        if (typeof values.source === 'string') {
          const source = await db.source.findUnique({ where: { name: values.source }, select: { id: true } });
          if (!source) throw new UsageError(`No source named "${values.source}".`);
          queue = syncQueueName(source.id);
        }
        const kind = values.kind;
        if (kind !== undefined && kind !== 'sync' && kind !== 'digest') throw new UsageError('--kind is sync or digest');
        const state = values.state;
        if (state !== undefined && !(JOB_STATES as readonly unknown[]).includes(state)) throw new UsageError(`--state is one of ${JOB_STATES.join(', ')}`);
        const limit = values.limit === undefined ? 30 : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit takes a positive whole number');
        const jobs = await listJobHistory(db, {
          ...(queue ? { queue } : {}),
          ...(kind ? { kind } : {}),
          ...(state ? { state: state as JobState } : {}),
          limit,
        });
        if (jobs.length === 0) {
          console.log('No jobs yet. Start a worker with: npm run worker');
          return;
        }
        for (const job of jobs) {
          const retry = job.state === 'retry' ? ` next try ${when(job.startAfter)}` : '';
          console.log(
            `${when(job.createdOn)}  ${job.state.padEnd(9)} ${`${job.attempt}/${job.maxAttempts}`.padEnd(5)} ${durationOf(job.startedOn, job.completedOn).padEnd(5)} ${job.label}${retry}  [${job.id}]`,
          );
          if (job.error) console.log(`    ${errorSummary(job.error, 200)}`);
        }
      },
    },
    next: {
      summary: 'Each source’s schedule, next and last run; the next digests',
      usage: 'job next',
      async run() {
        const db = getDb();
        const now = new Date();
        const sources = await listSourceSchedules(db, now);
        if (sources.length === 0) console.log('No sources yet.');
        for (const source of sources) {
          const next = source.problem ? `not scheduled: ${source.problem}` : source.enabled ? `next ${when(source.nextRunAt)}` : 'disabled';
          const last = source.lastRun ? `last ${source.lastRun.status} ${when(source.lastRun.startedAt)}` : 'never run';
          const queue = source.running > 0 ? ', running' : source.queued > 0 ? ', queued' : '';
          console.log(`${source.name.padEnd(24)} ${`"${source.cron}" ${source.timeZone}`.padEnd(30)} ${next}; ${last}${queue}`);
        }
        const subscriptions = await listDigestSubscriptions(db, now);
        console.log('');
        console.log(`Digests (checked every 5 minutes; next check ${when(nextDigestCheck(now))}):`);
        if (subscriptions.length === 0) console.log('  No subscriptions.');
        for (const subscription of subscriptions) {
          const status = subscription.active ? `next ${when(subscription.nextSendAt)} (${subscription.nextWeek})` : 'unsubscribed';
          console.log(`  #${subscription.id} ${subscription.recipient}, ${subscription.scope}, ${subscription.timeZone}: ${status}; last sent ${subscription.lastSent ? `${subscription.lastSent.week} at ${when(subscription.lastSent.sentAt)}` : 'never'}`);
        }
      },
    },
    retry: {
      summary: 'Put a failed job back in its queue',
      usage: 'job retry --id JOB_ID',
      options: { id: { type: 'string' } },
      async run(values) {
        if (typeof values.id !== 'string') throw new UsageError('Usage: job retry --id JOB_ID');
        const db = getDb();
        const [job] = (await listJobHistory(db, { state: 'failed', limit: 500 })).filter((candidate) => candidate.id === values.id);
        if (!job || job.archived) throw new UsageError(`No failed job ${values.id} (archived jobs cannot be retried).`);
        try {
          await retryFailedJob(db, await getJobSender(), job.queue, job.id, cliActor);
        } finally {
          await stopJobSender();
        }
        console.log(`Job ${job.id} (${job.label}) is queued again.`);
      },
    },
  },
};
