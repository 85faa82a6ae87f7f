// `npm run vitals -- <group> <action> [options]`: the administration CLI (tokens, users, sources).
import { parseActionArgs, UsageError } from '@/lib/cli/command';
import { commandGroups } from '@/lib/cli/commands';
import { disconnectDb } from '@/lib/db';
import { InvalidInputError } from '@/lib/errors';

function help(): string {
  const lines = ['Usage: npm run vitals -- <command> <action> [options]', ''];
  for (const group of commandGroups) {
    for (const [name, action] of Object.entries(group.actions)) {
      lines.push(`  ${`${group.name} ${name}`.padEnd(22)} ${action.summary}`);
      lines.push(`  ${''.padEnd(22)} ${action.usage}`);
    }
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const [groupName, actionName, ...rest] = argv;
  if (!groupName || groupName === 'help' || groupName === '--help') {
    console.log(help());
    return;
  }
  const group = commandGroups.find((candidate) => candidate.name === groupName);
  if (!group) throw new UsageError(`Unknown command "${groupName}".\n\n${help()}`);
  const action = actionName ? group.actions[actionName] : undefined;
  if (!action) {
    throw new UsageError(`"${groupName}" needs one of: ${Object.keys(group.actions).join(', ')}.\n\n${help()}`);
  }
  const { values, positionals } = parseActionArgs(action, rest);
  await action.run(values, positionals);
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    if (error instanceof UsageError || error instanceof InvalidInputError) {
      console.error(error.message);
      process.exitCode = 2;
    } else {
      console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  })
  .finally(() => disconnectDb());
