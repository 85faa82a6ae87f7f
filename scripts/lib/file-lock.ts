// A lock between processes of this checkout: an exclusively created file holding the owner's pid.
// A lock whose owner died (killed run) is taken over, so a crash never blocks the next run.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** Runs `work` while holding `lockFile`; waits (up to `timeoutMs`) while another live process holds it. */
export async function withFileLock<T>(
  lockFile: string,
  work: () => Promise<T>,
  { timeoutMs = 120_000, onWait }: { timeoutMs?: number; onWait?: (holderPid: number) => void } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  // A fresh clone with DATABASE_URL set has no .data/ yet: nothing else would have created it.
  await mkdir(path.dirname(lockFile), { recursive: true });
  for (;;) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (!(Number.isInteger(holder) && holder > 0 && isProcessAlive(holder))) {
        await rm(lockFile, { force: true });
      } else if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for process ${holder}, which holds ${lockFile}.`);
      } else {
        if (!told) onWait?.(holder);
        told = true;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}
