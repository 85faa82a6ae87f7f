import type { CliGroup } from '@/lib/cli/command';
import { tokenCommands } from '@/lib/cli/commands/token';

/** Every command group of `npm run vitals`. */
export const commandGroups: CliGroup[] = [tokenCommands];
