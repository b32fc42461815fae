import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ResponseRow } from "~/lib/dashboard-types";
import { RESPONSE_COLOURS, RESPONSE_PATTERNS } from "./palette";
import { PatternDefs } from "./patterns";

const SERIES = [
  { key: "supported", name: "Supported" },
  { key: "noted", name: "Noted" },
  { key: "pending", name: "No response known" },
] as const;

/** Supported / noted / pending as stacked bars, one bar per row (horizontal when labels are long). */
export function ResponseBars({
  rows,
  id,
  horizontal = false,
}: {
  rows: ResponseRow[];
  id: string;
  horizontal?: boolean;
}) {
  const height = horizontal ? Math.max(160, rows.length * 34 + 70) : 280;
  const patterns = SERIES.map((s) => ({
    id: `${id}-${s.key}`,
    colour: RESPONSE_COLOURS[s.key],
    pattern: RESPONSE_PATTERNS[s.key],
  }));
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart
        data={rows}
        layout={horizontal ? "vertical" : "horizontal"}
        margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      >
        <PatternDefs series={patterns} />
        <CartesianGrid strokeDasharray="3 3" />
        {horizontal ? (
          <>
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={170} tick={{ fontSize: 12 }} />
          </>
        ) : (
          <>
            <XAxis dataKey="label" />
            <YAxis allowDecimals={false} />
          </>
        )}
        <Tooltip />
        <Legend />
        {SERIES.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stackId="responses"
            fill={`url(#${id}-${s.key})`}
            stroke={RESPONSE_COLOURS[s.key]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
