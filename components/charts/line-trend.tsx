'use client';
// Trend lines drawn with recharts (it renders in the browser; the server sends the numbers). One or
// several series share an axis formatted for the metric's unit.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMetricValue, type ValueKind } from '@/lib/format/metric-display';

export interface TrendSeries {
  key: string;
  name: string;
}

export interface TrendDatum {
  label: string;
  [series: string]: string | number | null;
}

const COLORS = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)'];
const DASHES = [undefined, '6 3', '2 3', '8 3 2 3', '1 4'];

export function LineTrend({ data, series, kind, height = 180 }: { data: TrendDatum[]; series: TrendSeries[]; kind: ValueKind; height?: number }) {
  const format = (value: unknown) => (typeof value === 'number' ? formatMetricValue(kind, value) : '–');
  return (
    <div style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="label" tick={{ fill: 'var(--faint)', fontSize: 11 }} tickLine={false} axisLine={{ stroke: 'var(--line)' }} minTickGap={16} />
          <YAxis tick={{ fill: 'var(--faint)', fontSize: 11 }} tickLine={false} axisLine={false} width={52} tickFormatter={format} allowDecimals />
          <Tooltip
            formatter={(value, name) => [format(value), name]}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--line)', borderRadius: 8, color: 'var(--ink)', fontSize: 12 }}
            labelStyle={{ color: 'var(--muted)' }}
          />
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12, color: 'var(--muted)' }} />}
          {series.map((s, index) => (
            <Line
              key={s.key}
              type="linear"
              dataKey={s.key}
              name={s.name}
              stroke={COLORS[index % COLORS.length]}
              // Dash patterns tell overlaid teams apart without relying on colour.
              strokeDasharray={DASHES[index % DASHES.length]}
              strokeWidth={2}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
