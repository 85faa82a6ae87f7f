// `npm run vitals -- source add|list|show|update|remove|reset|rotate-key`: data sources. Tokens are
// read from standard input (never a command-line argument, which other users can see in `ps`), stored
// encrypted, and never printed.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { UsageError, type CliAction, type CliGroup } from '@/lib/cli/command';
import { recordAuditEvent } from '@/lib/audit';
import { startSettings } from '@/lib/cli/commands/source-settings-file';
import { INCIDENT_CREDENTIAL_FLAGS, INCIDENT_SOURCE_USAGES, incidentSourceKind, incidentSourceOptions } from '@/lib/cli/commands/source-incident-kinds';
import { getDb } from '@/lib/db';
import { loadCredentials, rotateCredentials } from '@/lib/sources/credentials';
import { createSource, getSource, listSources, removeSource, resetSyncState, updateSource, type SourceSummary } from '@/lib/sources/sources';

type Values = Parameters<CliAction['run']>[0];

const cliActor = { type: 'cli' as const, name: 'vitals cli' };

const githubOptions = {
  name: { type: 'string' },
  'api-url': { type: 'string' },
  org: { type: 'string' },
  repos: { type: 'string' },
  include: { type: 'string' },
  exclude: { type: 'string' },
  deploy: { type: 'string' },
  'environment-pattern': { type: 'string' },
  workflows: { type: 'string' },
  environment: { type: 'string' },
  'incident-labels': { type: 'string' },
  'severity-labels': { type: 'string' },
  'security-label': { type: 'string' },
  streams: { type: 'string' },
  'settings-file': { type: 'string' },
  schedule: { type: 'string' },
  'token-stdin': { type: 'boolean' },
} as const;

const GITHUB_USAGE =
  'source add github --name NAME (--org ORG | --repos owner/a,owner/b) --token-stdin [--api-url URL] ' +
  '[--include glob,..] [--exclude glob,..] [--deploy deployments|workflow|releases] [--environment-pattern REGEX] ' +
  '[--workflows deploy.yml,..] [--environment NAME] [--incident-labels incident,..] [--severity-labels sev1=critical,..] ' +
  '[--security-label security] [--streams deployments,pulls,..] [--settings-file settings.json] [--schedule "0 * * * *"]';

const list = (value: unknown) =>
  typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : undefined;

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** GitHub settings from flags, on top of `base` (the stored settings when updating). */
function githubSettingsFromFlags(values: Values, base: Record<string, unknown>): Record<string, unknown> {
  const { settings, set } = startSettings(base, text(values, 'settings-file'));
  set('apiUrl', text(values, 'api-url'));
  set('organization', text(values, 'org'));
  set('repositories', list(values.repos));
  set('include', list(values.include));
  set('exclude', list(values.exclude));
  set('incidentLabels', list(values['incident-labels']));
  set('securityLabel', text(values, 'security-label'));
  set('streams', list(values.streams));
  const severity = list(values['severity-labels']);
  if (severity) {
    settings.severityLabels = Object.fromEntries(
      severity.map((pair) => {
        const [label, level] = pair.split('=');
        if (!label || !level) throw new UsageError(`--severity-labels takes label=severity pairs, e.g. sev1=critical (got "${pair}")`);
        return [label.trim(), level.trim()];
      }),
    );
  }
  const deploy = text(values, 'deploy');
  const current = (settings.deploy ?? {}) as Record<string, unknown>;
  const kind = deploy ?? (current.kind as string | undefined);
  if (deploy || values['environment-pattern'] || values.workflows || values.environment) {
    if (kind === 'workflow') {
      settings.deploy = { kind, workflows: list(values.workflows) ?? current.workflows, environment: text(values, 'environment') ?? current.environment };
    } else if (kind === 'releases') {
      settings.deploy = { kind, environment: text(values, 'environment') ?? current.environment };
    } else if (kind === 'deployments' || kind === undefined) {
      settings.deploy = { kind: 'deployments', environmentPattern: text(values, 'environment-pattern') ?? current.environmentPattern };
    } else {
      throw new UsageError('--deploy takes deployments, workflow or releases');
    }
  }
  return JSON.parse(JSON.stringify(settings)) as Record<string, unknown>;
}

/** Reads a secret from standard input: piped, or typed at a prompt that does not echo it. */
async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks).toString('utf8').trim();
  }
  process.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  const line = await new Promise<string>((resolve) => rl.once('line', resolve));
  rl.close();
  process.stderr.write('\n');
  return line.trim();
}

function describeSource(source: SourceSummary): string {
  const lines = [
    `${source.name} (${source.kind})${source.enabled ? '' : ' — disabled'}`,
    `  schedule     ${source.schedule}`,
    `  credentials  ${source.hasCredentials ? 'stored (encrypted)' : 'none'}`,
    `  settings     ${JSON.stringify(source.settings)}`,
  ];
  const conditions = Object.entries(source.state);
  if (conditions.length > 0) {
    lines.push('  conditions');
    for (const [name, value] of conditions) {
      const message = typeof value === 'object' && value !== null && 'message' in value ? String((value as { message: unknown }).message) : JSON.stringify(value);
      lines.push(`    ${name}: ${message}`);
    }
  }
  if (source.lastRun) {
    lines.push(`  last run     ${source.lastRun.status} at ${source.lastRun.startedAt.toISOString()}${source.lastRun.error ? ` — ${source.lastRun.error.split('\n')[0]}` : ''}`);
  }
  return lines.join('\n');
}

function requireName(values: Values, usage: string): string {
  const name = text(values, 'name');
  if (!name) throw new UsageError(`--name is required.\nUsage: ${usage}`);
  return name;
}

export const sourceCommands: CliGroup = {
  name: 'source',
  summary: 'Data sources (GitHub, Jira, PagerDuty)',
  actions: {
    add: {
      summary: 'Add a source; the token is read from standard input',
      usage: [GITHUB_USAGE, ...INCIDENT_SOURCE_USAGES].join('\n       '),
      options: { ...githubOptions, ...incidentSourceOptions },
      async run(values, positionals) {
        const kind = positionals[0];
        const incident = incidentSourceKind(kind);
        if (kind && incident) {
          const name = requireName(values, incident.usage);
          const settings = incident.settingsFromFlags(values, {});
          const credentials = await incident.credentials(values, readSecret, async () => null);
          if (!credentials) throw new UsageError(incident.missingCredentials);
          const source = await createSource(getDb(), { kind, name, settings, credentials, schedule: text(values, 'schedule') });
          await recordAuditEvent(getDb(), { actor: cliActor, action: 'source.create', target: `source:${name}`, details: { kind, settings: source.settings as object } });
          console.log(`Added source "${name}".\n${describeSource(source)}\nCollect now with: npm run collect -- --source ${name}`);
          return;
        }
        if (kind !== 'github') throw new UsageError(`"source add" takes a kind: github, jira or pagerduty (got ${kind ? `"${kind}"` : 'none'}).\nUsage: ${[GITHUB_USAGE, ...INCIDENT_SOURCE_USAGES].join('\n       ')}`);
        const name = requireName(values, GITHUB_USAGE);
        if (!values['token-stdin']) {
          throw new UsageError('A GitHub source needs a token: pipe it in with --token-stdin (e.g. `printenv GH_TOKEN | npm run vitals -- source add github ... --token-stdin`).');
        }
        const settings = githubSettingsFromFlags(values, {});
        const token = await readSecret('GitHub token (input hidden): ');
        const source = await createSource(getDb(), { kind, name, settings, credentials: { token }, schedule: text(values, 'schedule') });
        await recordAuditEvent(getDb(), { actor: cliActor, action: 'source.create', target: `source:${name}`, details: { kind, settings: source.settings as object } });
        console.log(`Added source "${name}".\n${describeSource(source)}\nCollect now with: npm run collect -- --source ${name}`);
      },
    },
    list: {
      summary: 'List sources with their last run and conditions',
      usage: 'source list',
      async run() {
        const sources = await listSources(getDb());
        if (sources.length === 0) {
          console.log('No sources yet. Add one with: npm run vitals -- source add github --name NAME --org ORG --token-stdin');
          return;
        }
        for (const source of sources) {
          const last = source.lastRun ? `${source.lastRun.status} ${source.lastRun.startedAt.toISOString()}` : 'never run';
          const conditions = Object.keys(source.state).length;
          console.log(`${source.name.padEnd(20)} ${source.kind.padEnd(10)} ${source.enabled ? 'enabled ' : 'disabled'} ${source.schedule.padEnd(14)} ${last}${conditions ? `  (${conditions} condition${conditions > 1 ? 's' : ''})` : ''}`);
        }
      },
    },
    show: {
      summary: 'Show one source: settings, conditions, last run (never its token)',
      usage: 'source show --name NAME',
      options: { name: { type: 'string' } },
      async run(values) {
        console.log(describeSource(await getSource(getDb(), requireName(values, 'source show --name NAME'))));
      },
    },
    update: {
      summary: 'Change settings (flags as for add), the schedule, the token (--token-stdin), or enable/disable',
      usage: 'source update --name NAME [flags of source add] [--enable | --disable]',
      options: { ...githubOptions, ...incidentSourceOptions, enable: { type: 'boolean' }, disable: { type: 'boolean' } },
      async run(values) {
        const name = requireName(values, 'source update --name NAME ...');
        const db = getDb();
        const current = await getSource(db, name);
        const settingFlags = Object.keys(values).filter((key) => !['name', 'schedule', 'token-stdin', 'enable', 'disable', ...INCIDENT_CREDENTIAL_FLAGS].includes(key));
        const incident = incidentSourceKind(current.kind);
        const fromFlags = incident ? incident.settingsFromFlags : githubSettingsFromFlags;
        const settings = settingFlags.length > 0 ? fromFlags(values, current.settings) : undefined;
        const credentials = incident
          ? await incident.credentials(values, readSecret, () => loadCredentials(db, current.id))
          : values['token-stdin'] ? { token: await readSecret('New GitHub token (input hidden): ') } : undefined;
        if (values.enable && values.disable) throw new UsageError('--enable and --disable together make no sense');
        const enabled = values.enable ? true : values.disable ? false : undefined;
        const updated = await updateSource(db, name, { settings, credentials, schedule: text(values, 'schedule'), enabled });
        await recordAuditEvent(db, {
          actor: cliActor,
          action: 'source.update',
          target: `source:${name}`,
          details: { settingsChanged: settings !== undefined, tokenChanged: credentials !== undefined, schedule: text(values, 'schedule') ?? null, enabled: enabled ?? null },
        });
        console.log(`Updated source "${name}".\n${describeSource(updated)}`);
      },
    },
    remove: {
      summary: 'Remove a source, its sync state, runs and collected records',
      usage: 'source remove --name NAME --yes',
      options: { name: { type: 'string' }, yes: { type: 'boolean' } },
      async run(values) {
        const name = requireName(values, 'source remove --name NAME --yes');
        if (!values.yes) throw new UsageError(`This deletes "${name}" and every record collected from it. Add --yes to confirm.`);
        await removeSource(getDb(), name);
        await recordAuditEvent(getDb(), { actor: cliActor, action: 'source.delete', target: `source:${name}` });
        console.log(`Removed source "${name}".`);
      },
    },
    reset: {
      summary: 'Forget cursors and ETags so the next collection is a full one',
      usage: 'source reset --name NAME',
      options: { name: { type: 'string' } },
      async run(values) {
        const name = requireName(values, 'source reset --name NAME');
        const source = await getSource(getDb(), name);
        const count = await resetSyncState(getDb(), source.id);
        await recordAuditEvent(getDb(), { actor: cliActor, action: 'source.reset', target: `source:${name}`, details: { streams: count } });
        console.log(`Forgot ${count} stream cursor${count === 1 ? '' : 's'} of "${name}".`);
      },
    },
    'rotate-key': {
      summary: 'Re-encrypt every source token with ENCRYPTION_KEY (old key in ENCRYPTION_KEY_PREVIOUS)',
      usage: 'source rotate-key',
      async run() {
        const result = await rotateCredentials(getDb());
        await recordAuditEvent(getDb(), { actor: cliActor, action: 'source.rotate_key', details: { ...result } });
        console.log(`Re-encrypted ${result.resealed} source credential${result.resealed === 1 ? '' : 's'}; ${result.alreadyCurrent} already used the current key.`);
        if (result.resealed > 0) console.log('ENCRYPTION_KEY_PREVIOUS can now be removed.');
      },
    },
  },
};
