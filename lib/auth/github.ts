// GitHub sign-in for github.com and GitHub Enterprise Server. The e-mail address that identifies the
// user is always the account's primary *verified* address from /user/emails (the stock provider takes
// the public profile address, or the first listed): an invited address may then be linked to the
// GitHub account that proves it, and no other.
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { getEnv, type Env } from '@/lib/env';

export interface GitHubEndpoints {
  /** Web address: where users authorise, e.g. https://github.com or https://ghes.example.com */
  web: string;
  /** REST API root: https://api.github.com or https://ghes.example.com/api/v3 */
  api: string;
}

export function gitHubEndpoints(env: Pick<Env, 'GITHUB_AUTH_URL' | 'GITHUB_API_URL'> = getEnv()): GitHubEndpoints {
  const web = new URL(
    env.GITHUB_AUTH_URL ?? (new URL(env.GITHUB_API_URL).hostname === 'api.github.com' ? 'https://github.com' : new URL(env.GITHUB_API_URL).origin),
  ).origin;
  return { web, api: web === 'https://github.com' ? 'https://api.github.com' : `${web}/api/v3` };
}

interface GitHubUser {
  id: number;
  login: string;
  name: string | null;
  avatar_url: string | null;
}

/** What sign-in keeps of a GitHub account. */
interface GitHubProfile {
  id: number;
  login: string;
  name?: string;
  /** The primary verified address; absent when the account has none. */
  email?: string;
  image?: string;
}

interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

export function pickVerifiedPrimaryEmail(emails: readonly GitHubEmail[]): string | null {
  return emails.find((entry) => entry.primary && entry.verified)?.email.toLowerCase() ?? null;
}

async function getJson<T>(url: string, accessToken: string): Promise<T> {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/vnd.github+json', 'User-Agent': 'vitals' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`GitHub answered ${response.status} for ${new URL(url).pathname}`);
  return (await response.json()) as T;
}

export function gitHubProvider(clientId: string, clientSecret: string, endpoints: GitHubEndpoints): OAuthConfig<GitHubProfile> {
  return {
    id: 'github',
    name: endpoints.web === 'https://github.com' ? 'GitHub' : 'GitHub Enterprise',
    type: 'oauth',
    clientId,
    clientSecret,
    issuer: `${endpoints.web}/login/oauth`,
    authorization: { url: `${endpoints.web}/login/oauth/authorize`, params: { scope: 'read:user user:email' } },
    token: `${endpoints.web}/login/oauth/access_token`,
    userinfo: {
      url: `${endpoints.api}/user`,
      async request({ tokens }) {
        const accessToken = tokens.access_token;
        if (!accessToken) throw new Error('GitHub returned no access token');
        const [user, emails] = await Promise.all([
          getJson<GitHubUser>(`${endpoints.api}/user`, accessToken),
          getJson<GitHubEmail[]>(`${endpoints.api}/user/emails`, accessToken),
        ]);
        const profile: GitHubProfile = {
          id: user.id,
          login: user.login,
          name: user.name ?? user.login,
          email: pickVerifiedPrimaryEmail(emails) ?? undefined,
          image: user.avatar_url ?? undefined,
        };
        return profile;
      },
    },
    profile(profile: GitHubProfile) {
      return { id: String(profile.id), name: profile.name ?? profile.login, email: profile.email ?? null, image: profile.image ?? null };
    },
    // Safe only because the address above is verified by GitHub: it lets an admin invite people by
    // address and have their first GitHub sign-in land on that invitation.
    allowDangerousEmailAccountLinking: true,
  };
}
