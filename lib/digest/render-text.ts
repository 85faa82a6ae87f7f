// The digest's plain-text part: the same content as the HTML, for text-only clients, screen readers that
// prefer it and spam filters that compare the two parts.
import { METRICS } from '@/lib/format/metric-display';
import { DIGEST_DORA_COLUMNS, DIGEST_SECURITY_COLUMNS, type DigestCell, type DigestContent } from '@/lib/digest/content';

function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (text.length >= width) return text;
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

function cellText(cell: DigestCell): string {
  return `${cell.display} (${cell.change.text})${cell.bandLabel ? ` ${cell.bandLabel}` : ''}`;
}

export function renderDigestText(content: DigestContent, chartDescriptions: string[]): string {
  const lines: string[] = [];
  lines.push(`VITALS WEEKLY DIGEST — ${content.periodLabel}`);
  lines.push(`${content.scopeLabel} · ${content.week} · ${content.timeZone}`);
  lines.push('');
  lines.push(content.greeting);
  lines.push(content.preheader);
  lines.push('');

  lines.push('THIS WEEK AT A GLANCE');
  if (content.summary.length === 0) {
    lines.push('You have no teams to report on yet. Ask an administrator to add you to a team.');
  }
  for (const line of content.summary) {
    const band = line.bandLabel ? `  [${line.bandLabel}]` : '';
    lines.push(`- ${pad(`${line.label}:`, 30)} ${pad(line.display, 10, 'right')}  (week before ${line.previousDisplay}, ${line.change.text})${band}`);
  }
  lines.push('');

  lines.push('TOP RISKS');
  const { risks } = content;
  if (risks.bandDrops.length === 0) lines.push('No team dropped a band this week.');
  for (const drop of risks.bandDrops) lines.push(`- ${drop.team}: ${drop.metric} dropped from ${drop.from} to ${drop.to}`);
  lines.push('');
  lines.push(`Critical and high findings past SLA: ${risks.breachedTotal}`);
  for (const finding of risks.breachedFindings) {
    lines.push(`- [${finding.severity}] ${finding.title} — ${finding.repository}, open ${finding.ageDays} d (SLA ${finding.slaDays} d)${finding.url ? ` <${finding.url}>` : ''}`);
  }
  if (risks.breachedTotal > risks.breachedFindings.length) lines.push(`  …and ${risks.breachedTotal - risks.breachedFindings.length} more on the dashboard.`);
  lines.push('');
  lines.push(`Open incidents: ${risks.openIncidentTotal}`);
  for (const incident of risks.openIncidents) {
    lines.push(`- ${incident.security ? '[security] ' : ''}${incident.title} — ${incident.where}, open ${incident.openForDays} d${incident.url ? ` <${incident.url}>` : ''}`);
  }
  if (risks.openIncidentTotal > risks.openIncidents.length) lines.push(`  …and ${risks.openIncidentTotal - risks.openIncidents.length} more on the dashboard.`);
  lines.push('');

  if (chartDescriptions.length > 0) {
    lines.push('TRENDS');
    for (const description of chartDescriptions) lines.push(`- ${description}`);
    lines.push('');
  }

  lines.push('TEAMS');
  for (const team of content.teams) {
    lines.push(`${'  '.repeat(team.depth)}${team.name}`);
    for (const metric of [...DIGEST_DORA_COLUMNS, ...DIGEST_SECURITY_COLUMNS]) {
      lines.push(`${'  '.repeat(team.depth)}  ${pad(`${METRICS[metric].short}:`, 18)} ${cellText(team.cells[metric])}`);
    }
  }
  if (content.teams.length === 0) lines.push('No teams to show.');
  lines.push('');
  lines.push(`Open the dashboard for this week: ${content.dashboardUrl}`);
  lines.push('');
  for (const note of content.footnotes) lines.push(note);
  lines.push('');
  lines.push(`Unsubscribe: ${content.unsubscribeUrl}`);
  return `${lines.join('\n')}\n`;
}
