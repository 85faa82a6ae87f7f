// Every page and API route of the app directory, found from the files themselves, so the access matrix
// cannot miss one: app/**/page.tsx are pages (GET), app/**/route.ts are API routes with the HTTP methods
// they export. Route groups "(x)" and private folders "_x" follow Next.js's rules.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface DiscoveredRoute {
  kind: 'page' | 'api';
  method: string;
  /** The URL pattern, e.g. "/teams/[slug]". */
  pattern: string;
  /** "GET /teams/[slug]": the key of the rule that must cover it. */
  key: string;
  file: string;
}

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

function exportedMethods(source: string): string[] {
  return HTTP_METHODS.filter((method) =>
    new RegExp(`export\\s+(async\\s+)?function\\s+${method}\\b|export\\s+(const|let)\\s+${method}\\b|export\\s*\\{[^}]*\\bas\\s+${method}\\b|export\\s*\\{[^}]*\\b${method}\\b[^}]*\\}`).test(source),
  );
}

function patternOf(segments: string[]): string {
  const kept = segments.filter((segment) => !(segment.startsWith('(') && segment.endsWith(')')) && !segment.startsWith('@'));
  return `/${kept.join('/')}`;
}

export function discoverRoutes(appDir: string): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // Private folders are not routes.
        if (entry.name.startsWith('_')) continue;
        walk(full, [...segments, entry.name]);
        continue;
      }
      const pattern = patternOf(segments);
      const file = path.relative(appDir, full);
      if (/^page\.(tsx|ts|jsx|js|mdx)$/.test(entry.name)) {
        routes.push({ kind: 'page', method: 'GET', pattern, key: `GET ${pattern}`, file });
      } else if (/^route\.(ts|js)$/.test(entry.name)) {
        const methods = exportedMethods(readFileSync(full, 'utf8'));
        if (methods.length === 0) throw new Error(`${file} exports no HTTP method the access matrix recognises`);
        for (const method of methods) routes.push({ kind: 'api', method, pattern, key: `${method} ${pattern}`, file });
      }
    }
  };
  walk(appDir, []);
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}
