// Trend charts for the digest, drawn as SVG here and rasterised to PNG on the server (resvg), because
// mail clients show neither SVG nor scripts: a PNG attached inline and referenced by CID is what Gmail,
// Outlook and Apple Mail all display. Text uses DejaVu Sans shipped with the app (dejavu-fonts-ttf), not
// system fonts, so charts look the same on every host, including slim containers with no fonts at all.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { METRICS, formatMetricValue, type MetricId } from '@/lib/format/metric-display';
import type { MetricValues } from '@/lib/metrics/types';

const FONT_FAMILY = 'DejaVu Sans';
const FONT_PACKAGE = 'dejavu-fonts-ttf';

let fontFiles: string[] | undefined;

/**
 * Paths of the bundled TTFs, resolved at run time from the project's node_modules. Resolved through a
 * require made from the working directory with a computed name, so Next's bundler does not try to
 * bundle the font files as modules (it cannot); the worker, the CLI and `next start` all run from the
 * project root.
 */
function bundledFontFiles(): string[] {
  if (!fontFiles) {
    const resolveFromProject = createRequire(path.join(process.cwd(), 'package.json'));
    const directory = path.join(path.dirname(resolveFromProject.resolve([FONT_PACKAGE, 'package.json'].join('/'))), 'ttf');
    fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => path.join(directory, file));
  }
  return fontFiles;
}

export const CHART_WIDTH = 600;
export const CHART_HEIGHT = 200;
/** Rendered at twice the displayed size so charts stay sharp on high-density screens. */
const PIXEL_RATIO = 2;

/** Colour-blind-safe series colours (Okabe–Ito), in the order series are listed. */
const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

export interface ChartSpec {
  /** Content-ID of the attached image: `<img src="cid:…">`. */
  cid: string;
  title: string;
  metric: MetricId;
  style: 'bars' | 'line';
  /** Axis labels, one per week, oldest first. */
  labels: string[];
  series: ChartSeries[];
}

/** The trend charts of a digest and which metric each shows. */
export const TREND_CHARTS: { metric: MetricId; title: string; style: 'bars' | 'line'; value: (m: MetricValues) => number | null }[] = [
  { metric: 'deploymentFrequency', title: 'Production deployments per week', style: 'bars', value: (m) => m.deploymentFrequency.count },
  { metric: 'leadTime', title: 'Lead time for changes (median)', style: 'line', value: (m) => m.leadTime.median },
  { metric: 'changeFailureRate', title: 'Change failure rate', style: 'line', value: (m) => m.changeFailureRate.value },
  { metric: 'criticalHighBacklog', title: 'Open critical and high findings', style: 'line', value: METRICS.criticalHighBacklog.value },
];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char] ?? char);
}

/** A "nice" axis maximum and step (1, 2 or 5 × 10ⁿ) covering `max` in about four steps. */
export function niceScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.25 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  // toPrecision drops binary noise (0.15000000000000002) that would otherwise reach axis labels.
  return { top: Number((Math.ceil(max / step) * step).toPrecision(12)), step: Number(step.toPrecision(12)) };
}

/** Values for the axis: the metric's own display format (durations as "3.2 d", ratios as "12 %"). */
function axisLabel(metric: MetricId, value: number): string {
  const display = METRICS[metric];
  return formatMetricValue(display.kind === 'per-week' ? 'count' : display.kind, value);
}

export function chartSvg(spec: ChartSpec): string {
  const left = 64;
  const right = 12;
  const top = 34;
  const bottom = spec.series.length > 1 ? 48 : 28;
  const plotWidth = CHART_WIDTH - left - right;
  const plotHeight = CHART_HEIGHT - top - bottom;
  const all = spec.series.flatMap((series) => series.values).filter((value): value is number => value !== null);
  const kind = METRICS[spec.metric].kind;
  // Durations step in the unit they are read in (0, 1, 2, 3 d rather than 0, 1.2, 2.3 d of seconds).
  const max = Math.max(0, ...all);
  const unit = kind !== 'duration' ? 1 : max >= 2 * 86_400 ? 86_400 : max >= 2 * 3_600 ? 3_600 : 60;
  const scale = niceScale(max / unit);
  // Counts step by whole numbers: an axis reading 0, 0.25, 0.5 deployments would make no sense.
  const counts = kind === 'count' || kind === 'per-week';
  const step = (counts ? Math.max(1, scale.step) : scale.step) * unit;
  const maxValue = counts ? Math.max(step, Math.ceil(scale.top / step) * step) : scale.top * unit;
  const y = (value: number) => top + plotHeight - (value / maxValue) * plotHeight;
  const slots = Math.max(1, spec.labels.length);
  const slotWidth = plotWidth / slots;
  const xCentre = (index: number) => left + slotWidth * (index + 0.5);

  const parts: string[] = [];
  parts.push(`<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`);
  parts.push(`<text x="${left}" y="20" font-size="13" font-weight="bold" fill="#1f2328">${escapeXml(spec.title)}</text>`);
  for (let index = 0; index * step <= maxValue + step / 2; index += 1) {
    const value = Number((index * step).toPrecision(12));
    const lineY = y(value).toFixed(1);
    parts.push(`<line x1="${left}" x2="${CHART_WIDTH - right}" y1="${lineY}" y2="${lineY}" stroke="${value === 0 ? '#8c959f' : '#d8dee4'}" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(value) + 4).toFixed(1)}" font-size="10" text-anchor="end" fill="#57606a">${escapeXml(axisLabel(spec.metric, value))}</text>`);
  }
  spec.labels.forEach((label, index) => {
    parts.push(`<text x="${xCentre(index).toFixed(1)}" y="${top + plotHeight + 15}" font-size="10" text-anchor="middle" fill="#57606a">${escapeXml(label)}</text>`);
  });

  const seriesCount = Math.max(1, spec.series.length);
  spec.series.forEach((series, seriesIndex) => {
    const colour = SERIES_COLOURS[seriesIndex % SERIES_COLOURS.length] ?? '#0072B2';
    if (spec.style === 'bars') {
      const groupWidth = slotWidth * 0.7;
      const barWidth = groupWidth / seriesCount;
      series.values.forEach((value, index) => {
        if (value === null) return;
        const x = xCentre(index) - groupWidth / 2 + barWidth * seriesIndex;
        const height = Math.max(value > 0 ? 1 : 0, top + plotHeight - y(value));
        parts.push(`<rect x="${x.toFixed(1)}" y="${(top + plotHeight - height).toFixed(1)}" width="${Math.max(1, barWidth - 2).toFixed(1)}" height="${height.toFixed(1)}" fill="${colour}" rx="2"/>`);
      });
    } else {
      // Missing weeks (no data) break the line instead of being drawn as zero.
      let path = '';
      let pen = false;
      series.values.forEach((value, index) => {
        if (value === null) {
          pen = false;
          return;
        }
        path += `${pen ? 'L' : 'M'}${xCentre(index).toFixed(1)} ${y(value).toFixed(1)} `;
        pen = true;
      });
      if (path) parts.push(`<path d="${path.trim()}" fill="none" stroke="${colour}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>`);
      series.values.forEach((value, index) => {
        if (value !== null) parts.push(`<circle cx="${xCentre(index).toFixed(1)}" cy="${y(value).toFixed(1)}" r="3.5" fill="${colour}"/>`);
      });
    }
    // The latest value, labelled, so the chart reads without the table.
    const lastIndex = series.values.length - 1;
    const last = series.values[lastIndex];
    if (spec.series.length === 1 && last !== null && last !== undefined) {
      parts.push(`<text x="${xCentre(lastIndex).toFixed(1)}" y="${(y(last) - 8).toFixed(1)}" font-size="11" font-weight="bold" text-anchor="middle" fill="#1f2328">${escapeXml(formatMetricValue(METRICS[spec.metric].kind === 'per-week' ? 'count' : METRICS[spec.metric].kind, last))}</text>`);
    }
  });

  if (spec.series.length > 1) {
    let legendX = left;
    spec.series.forEach((series, index) => {
      const colour = SERIES_COLOURS[index % SERIES_COLOURS.length] ?? '#0072B2';
      parts.push(`<rect x="${legendX}" y="${CHART_HEIGHT - 16}" width="10" height="10" fill="${colour}" rx="2"/>`);
      parts.push(`<text x="${legendX + 14}" y="${CHART_HEIGHT - 7}" font-size="11" fill="#1f2328">${escapeXml(series.label)}</text>`);
      legendX += 24 + series.label.length * 7;
    });
  }

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${FONT_FAMILY}">${parts.join('')}</svg>`;
}

export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: bundledFontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: PIXEL_RATIO },
  });
  return resvg.render().asPng();
}

/** A one-sentence description of a chart for `alt` text and the plain-text part. */
export function chartSummary(spec: ChartSpec): string {
  const kind = METRICS[spec.metric].kind === 'per-week' ? 'count' : METRICS[spec.metric].kind;
  return spec.series
    .map((series) => {
      const points = series.values.map((value, index) => `${spec.labels[index] ?? ''}: ${formatMetricValue(kind, value)}`);
      return `${spec.series.length > 1 ? `${series.label} — ` : ''}${points.join(', ')}`;
    })
    .join('; ');
}

export interface RenderedChart {
  spec: ChartSpec;
  png: Buffer;
  alt: string;
}

/** The digest's charts from weekly values per series (a series per scope: the org, or each team). */
export function buildTrendCharts(labels: string[], series: { label: string; weeks: MetricValues[] }[]): RenderedChart[] {
  return TREND_CHARTS.map((chart, index) => {
    const spec: ChartSpec = {
      cid: `trend-${index + 1}-${chart.metric}@vitals`,
      title: chart.title,
      metric: chart.metric,
      style: chart.style,
      labels,
      series: series.map((entry) => ({ label: entry.label, values: entry.weeks.map(chart.value) })),
    };
    return { spec, png: renderPng(chartSvg(spec)), alt: `${chart.title}, week by week. ${chartSummary(spec)}` };
  });
}
