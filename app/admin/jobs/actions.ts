'use server';
// "Sync now" and "retry" from the admin jobs page: admin check, one call into lib/jobs (which records the
// audit event), then back to the page with the outcome in the URL (post/redirect/get).
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getDb } from '@/lib/db';
import { getJobSender } from '@/lib/jobs/boss';
import { listJobHistory } from '@/lib/jobs/history';
import { requestSync, retryFailedJob, SyncRequestError } from '@/lib/jobs/sync-now';
import { requireAdminCaller } from '@/app/admin/jobs/guard';

const PAGE = '/admin/jobs';

function back(kind: 'notice' | 'error', message: string): never {
  revalidatePath(PAGE);
  redirect(`${PAGE}?${kind}=${encodeURIComponent(message)}`);
}

export async function syncNowAction(formData: FormData): Promise<never> {
  const { actor } = await requireAdminCaller();
  const sourceName = String(formData.get('source') ?? '').trim();
  const full = formData.get('full') === 'on';
  let message: string;
  try {
    const result = await requestSync(getDb(), await getJobSender(), { sourceName, trigger: 'manual', full, actor });
    message = result.jobId
      ? `Queued a ${full ? 'full ' : ''}sync of ${result.sourceName}. A worker picks it up within seconds.`
      : `A sync of ${result.sourceName} is already waiting; nothing more was queued.`;
  } catch (error) {
    if (error instanceof SyncRequestError) back('error', error.message);
    throw error;
  }
  back('notice', message);
}

export async function retryJobAction(formData: FormData): Promise<never> {
  const { actor } = await requireAdminCaller();
  const id = String(formData.get('id') ?? '');
  const db = getDb();
  const job = (await listJobHistory(db, { state: 'failed', limit: 500 })).find((candidate) => candidate.id === id && !candidate.archived);
  if (!job) back('error', 'That failed job is no longer available to retry.');
  await retryFailedJob(db, await getJobSender(), job.queue, job.id, actor);
  back('notice', `${job.label}: queued again.`);
}
