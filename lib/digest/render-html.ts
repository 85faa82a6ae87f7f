// The digest as HTML for mail clients: nested tables, inline styles, bgcolor attributes and fixed widths,
// because Outlook (Word engine) and Gmail drop <style> blocks, flexbox and most CSS selectors. Every
// value is escaped; images are CIDs of PNGs attached to the same message.
import type { Band } from '@/lib/metrics/types';
import { METRICS, type MetricId } from '@/lib/format/metric-display';
import {
  DIGEST_DORA_COLUMNS, DIGEST_SECURITY_COLUMNS, type DigestCell, type DigestContent, type DigestTeamRow,
} from '@/lib/digest/content';

export interface HtmlChart {
  cid: string;
  alt: string;
  width: number;
  height: number;
}

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";
const INK = '#1f2328';
const MUTED = '#57606a';
const LINE = '#d8dee4';
const CANVAS = '#f6f8fa';

const BAND_COLOURS: Record<Band, { background: string; text: string }> = {
  elite: { background: '#dafbe1', text: '#116329' },
  high: { background: '#ddf4ff', text: '#0a3069' },
  medium: { background: '#fff8c5', text: '#7d4e00' },
  low: { background: '#ffebe9', text: '#a40e26' },
};
const TREND_COLOURS = { better: '#116329', worse: '#a40e26', same: MUTED, unknown: MUTED } as const;

export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

function bandBadge(band: Band | null, label: string | null): string {
  if (!band || !label) return `<span style="color:${MUTED};">–</span>`;
  const colours = BAND_COLOURS[band];
  return `<span style="display:inline-block;padding:1px 6px;border-radius:8px;background-color:${colours.background};color:${colours.text};font-size:11px;font-weight:600;">${escapeHtml(label)}</span>`;
}

function changeText(cell: DigestCell): string {
  const arrow = cell.change.arrow === 'up' ? '▲ ' : cell.change.arrow === 'down' ? '▼ ' : '';
  return `<span style="color:${TREND_COLOURS[cell.change.trend]};font-size:11px;" title="${escapeHtml(cell.change.spoken)}">${arrow}${escapeHtml(cell.change.text)}</span>`;
}

function section(title: string, body: string): string {
  return `<tr><td style="padding:20px 24px 4px 24px;font-family:${FONT};">
<h2 style="margin:0 0 10px 0;font-size:16px;line-height:22px;color:${INK};">${escapeHtml(title)}</h2>
${body}
</td></tr>`;
}

const TH = `style="padding:6px 8px;border-bottom:1px solid ${LINE};font-size:11px;font-weight:600;color:${MUTED};text-transform:uppercase;letter-spacing:0.3px;"`;
const TD = `style="padding:6px 8px;border-bottom:1px solid ${LINE};font-size:13px;color:${INK};vertical-align:top;"`;
const TD_NUM = `style="padding:6px 8px;border-bottom:1px solid ${LINE};font-size:13px;color:${INK};vertical-align:top;text-align:right;white-space:nowrap;"`;

function summaryTable(content: DigestContent): string {
  if (content.summary.length === 0) {
    return `<p style="margin:0;font-size:13px;color:${MUTED};">You have no teams to report on yet. Ask an administrator to add you to a team.</p>`;
  }
  const rows = content.summary
    .map((line) => `<tr>
<td ${TD}>${escapeHtml(line.label)}<br><span style="font-size:11px;color:${MUTED};">${escapeHtml(line.detail)}</span></td>
<td ${TD_NUM}><strong>${escapeHtml(line.display)}</strong></td>
<td ${TD_NUM}><span style="color:${MUTED};">${escapeHtml(line.previousDisplay)}</span></td>
<td ${TD_NUM}>${changeText(line)}</td>
<td ${TD_NUM}>${bandBadge(line.band, line.bandLabel)}</td>
</tr>`)
    .join('\n');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">
<thead><tr><th align="left" ${TH}>Metric</th><th align="right" ${TH}>This week</th><th align="right" ${TH}>Week before</th><th align="right" ${TH}>Change</th><th align="right" ${TH}>Band</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function risksBlock(content: DigestContent): string {
  const { risks } = content;
  const parts: string[] = [];
  if (risks.bandDrops.length > 0) {
    const items = risks.bandDrops
      .map((drop) => `<li style="margin:0 0 4px 0;"><strong>${escapeHtml(drop.team)}</strong>: ${escapeHtml(drop.metric)} dropped from ${escapeHtml(drop.from)} to ${escapeHtml(drop.to)}</li>`)
      .join('');
    parts.push(`<p style="margin:0 0 4px 0;font-size:13px;font-weight:600;color:${INK};">Teams that dropped a band</p><ul style="margin:0 0 12px 18px;padding:0;font-size:13px;color:${INK};">${items}</ul>`);
  } else {
    parts.push(`<p style="margin:0 0 12px 0;font-size:13px;color:${MUTED};">No team dropped a band this week.</p>`);
  }

  if (risks.breachedFindings.length > 0) {
    const rows = risks.breachedFindings
      .map((finding) => `<tr>
<td ${TD}>${finding.url ? `<a href="${escapeHtml(finding.url)}" style="color:#0969da;">${escapeHtml(finding.title)}</a>` : escapeHtml(finding.title)}<br><span style="font-size:11px;color:${MUTED};">${escapeHtml(finding.repository)}${finding.team ? ` · ${escapeHtml(finding.team)}` : ''}</span></td>
<td ${TD}><span style="color:${finding.severity === 'critical' ? '#a40e26' : '#7d4e00'};font-weight:600;">${escapeHtml(finding.severity)}</span></td>
<td ${TD_NUM}>${finding.ageDays} d <span style="color:${MUTED};font-size:11px;">(SLA ${finding.slaDays} d)</span></td>
</tr>`)
      .join('\n');
    const more = risks.breachedTotal > risks.breachedFindings.length
      ? `<p style="margin:4px 0 0 0;font-size:12px;color:${MUTED};">…and ${risks.breachedTotal - risks.breachedFindings.length} more on the dashboard.</p>` : '';
    parts.push(`<p style="margin:0 0 4px 0;font-size:13px;font-weight:600;color:${INK};">Critical and high findings past SLA (${risks.breachedTotal})</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 12px 0;">
<thead><tr><th align="left" ${TH}>Finding</th><th align="left" ${TH}>Severity</th><th align="right" ${TH}>Open for</th></tr></thead>
<tbody>${rows}</tbody></table>${more}`);
  } else {
    parts.push(`<p style="margin:0 0 12px 0;font-size:13px;color:${MUTED};">No critical or high finding is past its SLA.</p>`);
  }

  if (risks.openIncidents.length > 0) {
    const rows = risks.openIncidents
      .map((incident) => `<tr>
<td ${TD}>${incident.url ? `<a href="${escapeHtml(incident.url)}" style="color:#0969da;">${escapeHtml(incident.title)}</a>` : escapeHtml(incident.title)}${incident.security ? ' <span style="color:#a40e26;font-size:11px;font-weight:600;">SECURITY</span>' : ''}<br><span style="font-size:11px;color:${MUTED};">${escapeHtml(incident.where)}</span></td>
<td ${TD}>${escapeHtml(incident.severity ?? '–')}</td>
<td ${TD_NUM}>${incident.openForDays} d</td>
</tr>`)
      .join('\n');
    const more = risks.openIncidentTotal > risks.openIncidents.length
      ? `<p style="margin:4px 0 0 0;font-size:12px;color:${MUTED};">…and ${risks.openIncidentTotal - risks.openIncidents.length} more on the dashboard.</p>` : '';
    parts.push(`<p style="margin:0 0 4px 0;font-size:13px;font-weight:600;color:${INK};">Open incidents (${risks.openIncidentTotal})</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">
<thead><tr><th align="left" ${TH}>Incident</th><th align="left" ${TH}>Severity</th><th align="right" ${TH}>Open for</th></tr></thead>
<tbody>${rows}</tbody></table>${more}`);
  } else {
    parts.push(`<p style="margin:0;font-size:13px;color:${MUTED};">No open incidents at the end of the week.</p>`);
  }
  return parts.join('\n');
}

function teamTable(teams: DigestTeamRow[], columns: MetricId[], caption: string): string {
  const header = columns.map((metric) => `<th align="right" ${TH}>${escapeHtml(METRICS[metric].short)}</th>`).join('');
  const rows = teams
    .map((team) => {
      const cells = columns
        .map((metric) => {
          const cell = team.cells[metric];
          const band = cell.band ? `<br>${bandBadge(cell.band, cell.bandLabel)}` : '';
          return `<td ${TD_NUM}><strong>${escapeHtml(cell.display)}</strong><br>${changeText(cell)}${band}</td>`;
        })
        .join('');
      const indent = team.depth > 0 ? `padding-left:${8 + team.depth * 12}px;` : '';
      return `<tr><td style="padding:6px 8px;${indent}border-bottom:1px solid ${LINE};font-size:13px;vertical-align:top;"><a href="${escapeHtml(team.href)}" style="color:#0969da;text-decoration:none;font-weight:600;">${escapeHtml(team.name)}</a></td>${cells}</tr>`;
    })
    .join('\n');
  return `<p style="margin:0 0 4px 0;font-size:13px;font-weight:600;color:${INK};">${escapeHtml(caption)}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 14px 0;">
<thead><tr><th align="left" ${TH}>Team</th>${header}</tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function chartsBlock(charts: HtmlChart[]): string {
  return charts
    .map((chart) => `<img src="cid:${escapeHtml(chart.cid)}" width="${chart.width}" height="${chart.height}" alt="${escapeHtml(chart.alt)}" style="display:block;width:100%;max-width:${chart.width}px;height:auto;border:0;margin:0 0 12px 0;">`)
    .join('\n');
}

export function renderDigestHtml(content: DigestContent, charts: HtmlChart[]): string {
  const teamsBlock = content.teams.length > 0
    ? `${teamTable(content.teams, DIGEST_DORA_COLUMNS, 'DORA keys')}${teamTable(content.teams, DIGEST_SECURITY_COLUMNS, 'Security')}`
    : `<p style="margin:0;font-size:13px;color:${MUTED};">No teams to show.</p>`;
  const footnotes = content.footnotes.map((note) => `<p style="margin:0 0 6px 0;">${escapeHtml(note)}</p>`).join('');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${CANVAS};">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${escapeHtml(content.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${CANVAS}" style="background-color:${CANVAS};">
<tr><td align="center" style="padding:24px 8px;">
<table role="presentation" width="680" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:680px;background-color:#ffffff;border:1px solid ${LINE};border-radius:8px;">
<tr><td style="padding:20px 24px 12px 24px;border-bottom:1px solid ${LINE};font-family:${FONT};">
<p style="margin:0;font-size:12px;font-weight:600;color:${MUTED};letter-spacing:0.5px;text-transform:uppercase;">Vitals · weekly digest</p>
<h1 style="margin:4px 0 0 0;font-size:22px;line-height:28px;color:${INK};">${escapeHtml(content.periodLabel)}</h1>
<p style="margin:4px 0 0 0;font-size:13px;color:${MUTED};">${escapeHtml(content.scopeLabel)} · ${escapeHtml(content.week)} · ${escapeHtml(content.timeZone)}</p>
</td></tr>
<tr><td style="padding:16px 24px 0 24px;font-family:${FONT};font-size:14px;line-height:20px;color:${INK};">
<p style="margin:0 0 6px 0;">${escapeHtml(content.greeting)}</p>
<p style="margin:0;">${escapeHtml(content.preheader)}</p>
</td></tr>
${section('This week at a glance', summaryTable(content))}
${section('Top risks', risksBlock(content))}
${charts.length > 0 ? section('Trends', chartsBlock(charts)) : ''}
${section('Teams', teamsBlock)}
<tr><td align="center" style="padding:12px 24px 24px 24px;font-family:${FONT};">
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td bgcolor="#1f6feb" style="border-radius:6px;background-color:#1f6feb;">
<a href="${escapeHtml(content.dashboardUrl)}" style="display:inline-block;padding:10px 18px;font-size:14px;font-weight:600;color:#ffffff;text-decoration:none;font-family:${FONT};">Open the dashboard for this week</a>
</td></tr></table>
</td></tr>
<tr><td style="padding:16px 24px 20px 24px;border-top:1px solid ${LINE};font-family:${FONT};font-size:11px;line-height:16px;color:${MUTED};">
${footnotes}
<p style="margin:8px 0 0 0;">You receive this weekly digest from Vitals. <a href="${escapeHtml(content.unsubscribeUrl)}" style="color:${MUTED};">Unsubscribe</a></p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
