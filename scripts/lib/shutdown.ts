// One place that turns Ctrl-C / SIGTERM / SIGHUP into an orderly shutdown: cleanups run newest first
// (e.g. stop Next.js, then PostgreSQL), then the process exits with the signal's conventional code.

type Cleanup = () => Promise<void> | void;

const cleanups: Cleanup[] = [];
const signalCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
let installed = false;
let shuttingDown = false;

/** Registers a cleanup for shutdown; returns a function that unregisters it. */
export function onShutdown(cleanup: Cleanup): () => void {
  installSignalHandlers();
  cleanups.push(cleanup);
  return () => {
    const index = cleanups.indexOf(cleanup);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

/** Runs every registered cleanup (newest first), then exits with `code`. Safe to call twice. */
export async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('Cleanup failed during shutdown:', error);
      }
    }
    process.exit(code);
  }
  // A second caller waits for the first to finish and exit.
  return new Promise<never>(() => undefined);
}

/** Whether a shutdown has begun (long-running loops use it to stop early). */
export function isShuttingDown(): boolean {
  return shuttingDown;
}

function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of Object.entries(signalCodes) as [NodeJS.Signals, number][]) {
    process.on(signal, () => {
      if (shuttingDown) return;
      console.error(`\nReceived ${signal}, shutting down…`);
      void shutdown(code);
    });
  }
}
