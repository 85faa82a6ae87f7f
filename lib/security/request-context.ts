// Facts about the current request (client address, user agent) for code that the request does not
// reach through arguments: next-auth's events and callbacks, which record audit events.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext {
  return storage.getStore() ?? { ip: null, userAgent: null };
}
