// The tail of every serve-fake script (GitHub, Jira, PagerDuty): print the requests the collector made
// every two seconds, and close the fake on Ctrl-C.
import { statusCounts } from './test-source';

interface ServedFake {
  log: { status: number }[];
  resetLog(): void;
  close(): Promise<void>;
}

export async function serveUntilInterrupted(fake: ServedFake): Promise<never> {
  setInterval(() => {
    if (fake.log.length > 0) {
      console.log(`${fake.log.length} requests: ${JSON.stringify(statusCounts(fake))}`);
      fake.resetLog();
    }
  }, 2000).unref();
  process.on('SIGINT', () => {
    void fake.close().then(() => process.exit(0));
  });
  return new Promise<never>(() => undefined);
}
