// Runs a benchmark step in its own Node process against a given database, streaming its output.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../lib/embedded-postgres';

const require = createRequire(import.meta.url);

export function runChild(script: string, args: string[], databaseUrl: string): Promise<void> {
  const tsxCli = require.resolve('tsx/cli');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, path.join(projectRoot, script), ...args], {
      cwd: projectRoot,
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${script} ended with ${signal ?? `exit code ${code}`}`)));
  });
}
