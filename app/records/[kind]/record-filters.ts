// Filter fields and a plain-language description of the active filters, per record kind, so a
// drill-down page says exactly which records it lists ("Production deployments that failed").
import type { FilterField } from '@/components/table/filter-form';
import type { RecordKind } from '@/lib/records/kinds';

const yesNo = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

export const FILTER_FIELDS: Record<RecordKind, FilterField[]> = {
  deployments: [
    { name: 'production', label: 'Production', type: 'select', options: yesNo },
    { name: 'failed', label: 'Failed', type: 'select', options: yesNo },
    { name: 'rework', label: 'Rework', type: 'select', options: yesNo },
    { name: 'rollback', label: 'Rollback', type: 'select', options: yesNo },
    { name: 'status', label: 'Status', type: 'select', options: ['success', 'failure', 'error'].map((v) => ({ value: v, label: v })) },
    { name: 'environment', label: 'Environment', type: 'text', placeholder: 'production' },
    { name: 'q', label: 'Search', type: 'text', placeholder: 'sha, id or repository' },
  ],
  changes: [
    {
      name: 'by',
      label: 'Period applies to',
      type: 'select',
      options: [
        { value: 'deployed', label: 'Deployment time' },
        { value: 'merged', label: 'Merge time' },
      ],
    },
    { name: 'shipped', label: 'Shipped', type: 'select', options: yesNo },
    { name: 'rework', label: 'Rework', type: 'select', options: yesNo },
    { name: 'label', label: 'Label', type: 'text', placeholder: 'hotfix' },
    { name: 'q', label: 'Search', type: 'text', placeholder: 'title, author, #number' },
  ],
  incidents: [
    {
      name: 'view',
      label: 'Show',
      type: 'select',
      options: [
        { value: 'active', label: 'Active in period' },
        { value: 'resolved', label: 'Resolved in period' },
        { value: 'started', label: 'Started in period' },
        { value: 'open', label: 'Open at period end' },
      ],
    },
    { name: 'security', label: 'Security', type: 'select', options: yesNo },
    {
      name: 'linked',
      label: 'Cause',
      type: 'select',
      options: [
        { value: 'explicit', label: 'Named deployment' },
        { value: 'heuristic', label: 'Deployment within window' },
        { value: 'none', label: 'Unlinked' },
      ],
    },
    { name: 'severity', label: 'Severity', type: 'text', placeholder: 'SEV1' },
    { name: 'q', label: 'Search', type: 'text', placeholder: 'title or id' },
  ],
  findings: [
    {
      name: 'view',
      label: 'Show',
      type: 'select',
      options: [
        { value: 'open', label: 'Open at period end' },
        { value: 'breached', label: 'Past SLA at period end' },
        { value: 'fixed', label: 'Fixed in period' },
        { value: 'opened', label: 'Opened in period' },
        { value: 'accepted', label: 'Accepted risk' },
        { value: 'all', label: 'All' },
      ],
    },
    { name: 'severity', label: 'Severity', type: 'select', options: ['critical', 'high', 'medium', 'low'].map((v) => ({ value: v, label: v })) },
    {
      name: 'tool',
      label: 'Tool',
      type: 'select',
      options: [
        { value: 'code-scanning', label: 'Code scanning' },
        { value: 'dependabot', label: 'Dependabot' },
        { value: 'secret-scanning', label: 'Secret scanning' },
      ],
    },
    {
      name: 'age',
      label: 'Age at period end',
      type: 'select',
      options: [
        { value: 'upTo30', label: '≤ 30 days' },
        { value: 'upTo60', label: '31–60 days' },
        { value: 'upTo90', label: '61–90 days' },
        { value: 'over90', label: '> 90 days' },
      ],
    },
    { name: 'q', label: 'Search', type: 'text', placeholder: 'title, rule or repository' },
  ],
  runs: [
    { name: 'status', label: 'Status', type: 'select', options: ['running', 'succeeded', 'failed', 'cancelled'].map((v) => ({ value: v, label: v })) },
  ],
};

/** One sentence naming the records listed, from the filters in effect. */
export function describeRecords(kind: RecordKind, f: Record<string, string>): string {
  switch (kind) {
    case 'deployments': {
      const parts: string[] = [];
      if (f.production === 'yes') parts.push('production');
      if (f.production === 'no') parts.push('non-production or unsuccessful');
      let text = `${parts.join(' ')} deployments finished in the period`.trim();
      if (f.failed === 'yes') text += ' that failed (caused an incident or were rolled back)';
      if (f.security === 'yes') text += ' that caused a security incident';
      if (f.rework === 'yes') text += ' that were unplanned fixes (rollbacks, hotfixes, reverts)';
      return capitalise(text);
    }
    case 'changes':
      return f.by === 'merged' ? 'Changes merged in the period.' : 'Changes whose deployment to production finished in the period (the changes lead time is measured over).';
    case 'incidents':
      switch (f.view) {
        case 'resolved':
          return 'Incidents resolved in the period (time to restore is measured over these).';
        case 'open':
          return 'Incidents started before the end of the period and still open at that time.';
        case 'started':
          return 'Incidents that started in the period.';
        default:
          return 'Incidents active at any time in the period.';
      }
    case 'findings':
      switch (f.view) {
        case 'breached':
          return 'Findings open at the end of the period and older than their severity’s SLA.';
        case 'fixed':
          return f.tool === 'secret-scanning' ? 'Secrets fixed in the period.' : 'Findings fixed in the period.';
        case 'opened':
          return 'Findings opened in the period.';
        case 'accepted':
          return 'Findings dismissed as an accepted risk before the end of the period.';
        case 'all':
          return 'Every finding opened before the end of the period.';
        default:
          return 'Findings open at the end of the period (the security backlog).';
      }
    case 'runs':
      return 'Collector runs started in the period.';
  }
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
