import type { CliGroup } from '@/lib/cli/command';
import { jobCommands } from '@/lib/cli/commands/job';
import { sourceCommands } from '@/lib/cli/commands/source';
import { tokenCommands } from '@/lib/cli/commands/token';
import { userCommands } from '@/lib/cli/commands/user';

/** Every command group of `npm run vitals`. */
export const commandGroups: CliGroup[] = [tokenCommands, jobCommands, userCommands, sourceCommands];
