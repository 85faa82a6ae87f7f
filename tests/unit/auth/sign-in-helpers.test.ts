import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { gitHubEndpoints, pickVerifiedPrimaryEmail } from '@/lib/auth/github';
import { magicLinkMessage } from '@/lib/auth/magic-link';

describe('safeCallbackPath', () => {
  it('keeps paths inside Vitals', () => {
    expect(safeCallbackPath('/teams/cardio?range=90d')).toBe('/teams/cardio?range=90d');
  });

  it('turns anything that could leave Vitals into "/" (no open redirect)', () => {
    for (const value of ['https://evil.example', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '', undefined, 42]) {
      expect(safeCallbackPath(value)).toBe('/');
    }
  });

  it('does not loop back into sign-in', () => {
    expect(safeCallbackPath('/signin?error=x')).toBe('/');
    expect(safeCallbackPath('/api/auth/signout')).toBe('/');
  });
});

describe('GitHub sign-in', () => {
  it('uses github.com by default and the Enterprise Server of GITHUB_API_URL otherwise', () => {
    expect(gitHubEndpoints({ GITHUB_API_URL: 'https://api.github.com', GITHUB_AUTH_URL: undefined })).toEqual({
      web: 'https://github.com',
      api: 'https://api.github.com',
    });
    expect(gitHubEndpoints({ GITHUB_API_URL: 'https://ghes.example.org/api/v3', GITHUB_AUTH_URL: undefined })).toEqual({
      web: 'https://ghes.example.org',
      api: 'https://ghes.example.org/api/v3',
    });
    expect(gitHubEndpoints({ GITHUB_API_URL: 'https://api.github.com', GITHUB_AUTH_URL: 'https://git.example.org/' })).toEqual({
      web: 'https://git.example.org',
      api: 'https://git.example.org/api/v3',
    });
  });

  it('identifies the user by the primary verified address only', () => {
    expect(pickVerifiedPrimaryEmail([
      { email: 'Victim@Hospital.example', primary: true, verified: false },
      { email: 'me@example.org', primary: false, verified: true },
    ])).toBeNull();
    expect(pickVerifiedPrimaryEmail([{ email: 'Me@Example.org', primary: true, verified: true }])).toBe('me@example.org');
  });
});

describe('the sign-in e-mail', () => {
  it('carries the link, its lifetime, and escapes it in HTML', () => {
    const url = 'https://vitals.example.org/api/auth/callback/email?token=abc&email=a%40b.c';
    const message = magicLinkMessage(url, new Date(Date.now() + 15 * 60_000));
    expect(message.text).toContain(url);
    expect(message.text).toContain('15 minutes');
    expect(message.html).toContain('token=abc&#38;email=a%40b.c');
    expect(message.html).not.toContain('token=abc&email');
  });
});

describe('the demo sign-in', () => {
  it('signs in only users of the domain the demo data seeds', async () => {
    const { DEMO_EMAIL_DOMAIN: signInDomain } = await import('@/lib/auth/demo');
    const { DEMO_EMAIL_DOMAIN: seededDomain } = await import('@/lib/demo/generate');
    expect(signInDomain).toBe(seededDomain);
  });
});
