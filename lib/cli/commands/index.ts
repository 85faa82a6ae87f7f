import type { CliGroup } from '@/lib/cli/command';

/** Every command group of `npm run vitals`. */
export const commandGroups: CliGroup[] = [];
