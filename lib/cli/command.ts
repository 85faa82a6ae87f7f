// The shape of a `npm run vitals -- <group> <action>` command. Each group lives in its own module
// under lib/cli/commands/ and is listed once in lib/cli/commands/index.ts.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliAction {
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  run(values: Record<string, string | boolean | (string | boolean)[] | undefined>, positionals: string[]): Promise<void>;
}

export interface CliGroup {
  name: string;
  summary: string;
  actions: Record<string, CliAction>;
}

/** A user mistake: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseActionArgs(action: CliAction, argv: string[]) {
  try {
    return parseArgs({ args: argv, options: action.options ?? {}, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${action.usage}`);
  }
}
