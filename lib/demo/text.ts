// Titles, labels and people for the demo records, so drill-down tables read like a real organisation.
import {
  ADVISORIES, DEFECT_VERBS, DEPENDABOT_AUTHOR, ECOSYSTEM_OF, FEATURE_VERBS, FIRST_NAMES, LAST_NAMES, CHORE_TITLES,
} from '@/lib/demo/catalog';
import type { ChangeKind, RepoContext } from '@/lib/demo/model';
import type { Random } from '@/lib/demo/random';

/** GitHub handles for a team, unique across the organisation (`taken` is shared between calls). */
export function teamHandles(rng: Random, count: number, taken: Set<string>): string[] {
  const handles: string[] = [];
  while (handles.length < count) {
    const first = rng.pick(FIRST_NAMES).toLowerCase();
    const last = rng.pick(LAST_NAMES).toLowerCase();
    const handle = rng.weighted([
      [`${first}-${last}`, 4],
      [`${first[0] ?? ''}${last}`, 3],
      [`${first}${last[0] ?? ''}`, 2],
      [`${first}-${last}-dev`, 1],
      [`${last}${first}`, 1],
    ] as const);
    if (taken.has(handle)) continue;
    taken.add(handle);
    handles.push(handle);
  }
  return handles;
}

function withTicket(rng: Random, repo: RepoContext, title: string): string {
  const key = repo.team?.jiraKey;
  if (!key || !rng.chance(0.55)) return title;
  return `${key}-${rng.int(120, 2400)}: ${title}`;
}

export interface ChangeText {
  title: string;
  labels: string[];
  author: string;
}

/** Title, labels and author of an ordinary pull request of the given kind. */
export function changeText(rng: Random, repo: RepoContext, kind: Exclude<ChangeKind, 'hotfix' | 'revert'>): ChangeText {
  const vocabulary = repo.vocabulary;
  const area = rng.pick(vocabulary.areas);
  const author = rng.pick(repo.authors);
  switch (kind) {
    case 'feature': {
      const title = `${rng.pick(FEATURE_VERBS)} ${rng.pick(vocabulary.features)}`;
      const labels = ['enhancement', ...(rng.chance(0.5) ? [area] : []), ...(rng.chance(0.08) ? ['hipaa'] : [])];
      return { title: withTicket(rng, repo, title), labels, author };
    }
    case 'defect': {
      const title = `${rng.pick(DEFECT_VERBS)} ${rng.pick(vocabulary.defects)}`;
      const labels = ['bug', ...(rng.chance(0.4) ? [area] : [])];
      return { title: withTicket(rng, repo, title), labels, author };
    }
    case 'chore': {
      const title = rng.pick(CHORE_TITLES).replace('{area}', area);
      return { title, labels: rng.chance(0.6) ? ['tech-debt'] : ['chore'], author };
    }
    case 'dependency': {
      const ecosystems = ECOSYSTEM_OF[repo.spec.language];
      const ecosystem = rng.pick(ecosystems);
      const candidates = ADVISORIES.filter((advisory) => advisory.ecosystem === ecosystem);
      const advisory = candidates.length > 0 ? rng.pick(candidates) : undefined;
      const name = advisory?.package ?? 'actions/checkout';
      const from = advisory?.vulnerable ?? '4.1.1';
      const to = advisory?.fixedIn ?? '4.2.2';
      const directory = ecosystem === 'github_actions' ? ' in /.github/workflows' : rng.chance(0.2) ? ' in /service' : '';
      const label = ecosystem === 'github_actions' ? 'github_actions' : ecosystem === 'npm' ? 'javascript' : ecosystem;
      return { title: `Bump ${name} from ${from} to ${to}${directory}`, labels: ['dependencies', label], author: DEPENDABOT_AUTHOR };
    }
  }
}

/** The label a team uses for hotfixes; spelled differently across teams, as the metric is case-insensitive. */
export function hotfixLabel(repo: RepoContext): string {
  if (repo.team?.slug === 'ehr-integrations') return 'Hotfix';
  if (repo.team?.slug === 'lab-results') return 'HOTFIX';
  return 'hotfix';
}

export function hotfixText(rng: Random, repo: RepoContext, symptom: string): ChangeText {
  const title = rng.chance(0.5) ? `Hotfix: ${lowerFirst(symptom)}` : withTicket(rng, repo, `Fix ${rng.pick(repo.vocabulary.defects)}`);
  return { title, labels: [hotfixLabel(repo), 'bug'], author: rng.pick(repo.authors) };
}

/** "Portal login…" → "portal login…", but "HL7 feed…" and "iOS app…" stay as they are. */
function lowerFirst(text: string): string {
  const [first = '', second = ''] = text;
  return second !== '' && second === second.toLowerCase() && first !== first.toLowerCase()
    ? `${first.toLowerCase()}${text.slice(1)}` : text;
}

/** GitHub's own title for a revert pull request. */
export function revertTitle(original: string): string {
  return `Revert "${original}"`;
}
