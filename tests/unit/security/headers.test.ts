// The headers every response carries: a CSP whose scripts run only with this response's nonce, framing
// refused, HSTS, no referrer.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, staticSecurityHeaders } from '@/lib/security/headers';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('Content-Security-Policy', () => {
  it('allows scripts only with the nonce (strict-dynamic), never inline or eval in production', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc123', dev: false }));
    const scripts = csp.get('script-src') ?? [];
    expect(scripts).toContain("'nonce-abc123'");
    expect(scripts).toContain("'strict-dynamic'");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
  });

  it('refuses framing, plugins and base-tag tricks', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'n', dev: false }));
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it('lets forms lead only to us and the configured sign-in origins', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'n', dev: false, formActionOrigins: ['https://ghes.example.org'] }));
    expect(csp.get('form-action')).toEqual(["'self'", 'https://ghes.example.org']);
  });

  it('adds eval and the hot-reload socket in development only', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'n', dev: true }));
    expect(csp.get('script-src')).toContain("'unsafe-eval'");
    expect(csp.get('connect-src')).toContain('ws:');
  });

  it('upgrades insecure requests when served over HTTPS', () => {
    expect(contentSecurityPolicy({ nonce: 'n', dev: false, https: true })).toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy({ nonce: 'n', dev: false, https: false })).not.toContain('upgrade-insecure-requests');
  });
});

describe('nonces', () => {
  it('are 128 random bits, different every time', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => createNonce()));
    expect(nonces.size).toBe(200);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});

describe('static security headers', () => {
  const headers = new Map(staticSecurityHeaders().map(({ key, value }) => [key, value]));

  it('sends HSTS for two years including subdomains', () => {
    expect(headers.get('Strict-Transport-Security')).toBe('max-age=63072000; includeSubDomains');
  });

  it('sends no referrer, no sniffing, no framing', () => {
    expect(headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(headers.get('X-Frame-Options')).toBe('DENY');
  });

  it('leaves the CSP to the proxy (one policy, with a nonce)', () => {
    expect(headers.has('Content-Security-Policy')).toBe(false);
  });
});
