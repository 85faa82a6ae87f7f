// Server-side charts (SVG → PNG with the bundled font) and signed unsubscribe links.
import { describe, expect, it } from 'vitest';
import { buildTrendCharts, chartSvg, niceScale, renderPng, TREND_CHARTS } from '@/lib/digest/charts';
import { parseUnsubscribeParams, unsubscribeSignature, unsubscribeUrl, verifyUnsubscribeSignature } from '@/lib/digest/unsubscribe';
import { metricValues } from './metric-values';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('charts', () => {
  it('picks axis steps of 1, 2 or 5 × 10ⁿ', () => {
    expect(niceScale(0)).toEqual({ top: 1, step: 0.25 });
    expect(niceScale(7)).toEqual({ top: 8, step: 2 });
    expect(niceScale(0.13)).toEqual({ top: 0.15, step: 0.05 });
    expect(niceScale(950)).toEqual({ top: 1000, step: 500 });
  });

  it('draws an SVG with title, labels and a break where a week has no data', () => {
    const svg = chartSvg({
      cid: 'x@vitals', title: 'Lead time <median>', metric: 'leadTime', style: 'line',
      labels: ['2 Mar', '9 Mar', '16 Mar'], series: [{ label: 'All teams', values: [3600, null, 7200] }],
    });
    expect(svg).toContain('Lead time &lt;median&gt;');
    expect(svg).toContain('>9 Mar<');
    // Two separate points, no line through the missing week.
    expect(svg.match(/<path d="M[^"]*"/)?.[0]).not.toContain('L');
    expect(svg.match(/<circle/g)).toHaveLength(2);
  });

  it('renders a PNG at twice the display size, with text (the bundled font), in a few milliseconds', () => {
    const labels = ['5 Jan', '12 Jan', '19 Jan', '26 Jan', '2 Feb', '9 Feb', '16 Feb', '23 Feb'];
    const weeks = labels.map((_, index) => metricValues({ deploymentFrequency: { count: index + 3 } }));
    const started = performance.now();
    const charts = buildTrendCharts(labels, [{ label: 'All teams', weeks }]);
    const elapsed = performance.now() - started;
    expect(charts).toHaveLength(TREND_CHARTS.length);
    for (const chart of charts) {
      expect(chart.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(pngSize(chart.png)).toEqual({ width: 1200, height: 400 });
      expect(chart.spec.cid).toMatch(/^trend-\d-[a-zA-Z]+@vitals$/);
    }
    expect(charts[0]?.alt).toContain('5 Jan: 3');
    expect(elapsed).toBeLessThan(2_000);
    // Text adds pixels: the same chart without its labels compresses smaller.
    const withText = renderPng(chartSvg(charts[0]!.spec));
    const withoutText = renderPng(chartSvg(charts[0]!.spec).replace(/<text[^>]*>[^<]*<\/text>/g, ''));
    expect(withText.length).toBeGreaterThan(withoutText.length + 1000);
  });
});

describe('unsubscribe links', () => {
  const secret = 'x'.repeat(40);

  it('signs the subscription id and verifies only the right signature', () => {
    const signature = unsubscribeSignature(7, secret);
    expect(verifyUnsubscribeSignature(7, signature, secret)).toBe(true);
    expect(verifyUnsubscribeSignature(8, signature, secret)).toBe(false);
    expect(verifyUnsubscribeSignature(7, signature, 'y'.repeat(40))).toBe(false);
    expect(verifyUnsubscribeSignature(7, signature.slice(1), secret)).toBe(false);
  });

  it('keeps a base path of APP_URL and round-trips through the query string', () => {
    const url = new URL(unsubscribeUrl('https://host.example/vitals/', 7, secret));
    expect(url.pathname).toBe('/vitals/api/digest/unsubscribe');
    expect(parseUnsubscribeParams(url.searchParams)).toEqual({ subscriptionId: 7, signature: unsubscribeSignature(7, secret) });
    expect(parseUnsubscribeParams(new URLSearchParams('s=abc&sig=x'))).toBeNull();
    expect(parseUnsubscribeParams(new URLSearchParams('s=7'))).toBeNull();
  });
});
