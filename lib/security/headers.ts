// Security headers. The Content-Security-Policy carries a fresh nonce per request, so it is set by
// proxy.ts; the rest are the same for every response and next.config.js sends them, static files
// included. Dependency-free on purpose: next.config.js loads this file directly.
import { randomBytes } from 'node:crypto';

/** 128 random bits, base64: a nonce an attacker cannot predict for the page they inject into. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface CspOptions {
  nonce: string;
  /** next dev needs eval (React's dev tooling) and a websocket for hot reload. */
  dev: boolean;
  /** Origins a form may submit to after ours, e.g. the GitHub sign-in page the OAuth start redirects to. */
  formActionOrigins?: string[];
  /** Served over HTTPS: ask the browser to upgrade any stray http:// subresource. */
  https?: boolean;
}

export function contentSecurityPolicy({ nonce, dev, formActionOrigins = [], https = false }: CspOptions): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic' lets Next's nonce-carrying bootstrap load its chunks; no other script runs,
    // inline or not. Browsers that understand nonces ignore 'self' here; it remains for old ones.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React and recharts write style attributes, which nonces cannot cover. Styles cannot run code;
    // the residual risk (CSS-based page defacement) is noted in docs/threat-model.md.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self'${formActionOrigins.map((origin) => ` ${origin}`).join('')}`,
    "manifest-src 'self'",
    "worker-src 'self' blob:",
  ];
  if (https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

export function staticSecurityHeaders(): { key: string; value: string }[] {
  return [
    // Two years, subdomains included. Browsers ignore it on plain http (RFC 6797 section 8.1), so it is
    // sent always rather than guessed from configuration behind a TLS-terminating proxy.
    { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    // Dashboard URLs name teams and repositories: send no referrer to anyone.
    { key: 'Referrer-Policy', value: 'no-referrer' },
    // For browsers that predate frame-ancestors.
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    { key: 'X-DNS-Prefetch-Control', value: 'off' },
  ];
}
