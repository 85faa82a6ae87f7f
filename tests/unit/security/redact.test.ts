// Log redaction: configured secrets and anything shaped like a credential never reach a log line.
import { describe, expect, it } from 'vitest';
import { installConsoleRedaction, redactSecrets } from '@/lib/security/redact';

// Built at run time so the repository's secret scanner sees no credential-shaped literals.
const fakeGitHubToken = `ghp_${'a1B2c3D4'.repeat(5)}`;
const fakeApiToken = `vit_${'Zx9_Yw8-'.repeat(5)}`;

describe('redactSecrets', () => {
  it('replaces configured secret values wherever they appear', () => {
    const line = redactSecrets('key=super-secret-value-1234 and again super-secret-value-1234', ['super-secret-value-1234']);
    expect(line).not.toContain('super-secret-value-1234');
    expect(line).toContain('[redacted]');
  });

  it('masks API tokens, GitHub tokens and bearer headers', () => {
    const line = redactSecrets(`token ${fakeApiToken} header Authorization: Bearer ${fakeApiToken} gh ${fakeGitHubToken}`, []);
    expect(line).not.toContain(fakeApiToken.slice(4));
    expect(line).not.toContain(fakeGitHubToken.slice(4));
  });

  it('masks passwords in connection strings', () => {
    const url = ['postgresql://vitals', 'pa55word-xyz@db.internal:5432/vitals'].join(':');
    const line = redactSecrets(`connect ${url} failed`, []);
    expect(line).not.toContain('pa55word-xyz');
    expect(line).toContain('db.internal');
  });

  it('masks magic-link tokens, OAuth codes and session cookies', () => {
    const line = redactSecrets(
      'GET /api/auth/callback/email?callbackUrl=%2F&token=0123456789abcdef0123&email=a%40b.c ' +
        'GET /api/auth/callback/github?code=abcdef123456&state=zyxw9876 cookie vitals-session=sessiontokenvalue123',
      [],
    );
    for (const secret of ['0123456789abcdef0123', 'abcdef123456', 'zyxw9876', 'sessiontokenvalue123']) expect(line).not.toContain(secret);
    expect(line).toContain('email=a%40b.c');
  });

  it('masks secret-named fields as util.inspect prints them', () => {
    const line = redactSecrets("{ password: 'hunter2hunter2', clientSecret: 'abcdefghij', name: 'visible' }", []);
    expect(line).not.toContain('hunter2hunter2');
    expect(line).not.toContain('abcdefghij');
    expect(line).toContain('visible');
  });
});

describe('installConsoleRedaction', () => {
  it('routes every console method through the redaction', () => {
    const written: string[] = [];
    const sink = (...args: unknown[]) => written.push(args.map(String).join(' '));
    const fakeConsole = { log: sink, info: sink, warn: sink, error: sink, debug: sink, trace: sink } as unknown as Console;
    installConsoleRedaction(fakeConsole);
    installConsoleRedaction(fakeConsole); // idempotent: no double wrapping
    fakeConsole.error('failed with', new Error(`bad token ${fakeApiToken}`));
    fakeConsole.log({ headers: { authorization: `Bearer ${fakeApiToken}` } });
    expect(written).toHaveLength(2);
    for (const line of written) expect(line).not.toContain(fakeApiToken.slice(4));
  });
});
