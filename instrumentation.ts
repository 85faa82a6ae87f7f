// Runs once when the server starts (Next.js instrumentation hook): from then on every console line of
// the server passes lib/security/redact.ts, so no secret reaches a log, whoever writes the line.
export async function register() {
  const { installConsoleRedaction } = await import('@/lib/security/redact');
  installConsoleRedaction();
}
