import type { CliGroup } from '@/lib/cli/command';
import { jobCommands } from '@/lib/cli/commands/job';
import { tokenCommands } from '@/lib/cli/commands/token';

/** Every command group of `npm run vitals`. */
export const commandGroups: CliGroup[] = [tokenCommands, jobCommands];
