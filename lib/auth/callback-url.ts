/** A path inside Vitals to return to after sign-in; anything else (another origin, //host) becomes "/". */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/signin') || value.startsWith('/api/auth')) return '/';
  return value.slice(0, 2000);
}
