import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { STATUSES, type Status } from "../../../db/schema";
import { STATUS_LABELS } from "~/lib/format";
import type { Milestone } from "~/lib/review-period";
import { STATUS_COLOURS, STATUS_PATTERNS } from "./palette";
import { PatternDefs } from "./patterns";

/** Status counts by month as stacked areas, most implemented at the bottom, with the period's milestones. */
export function ProgressArea({
  rows,
  milestones,
  id,
  height = 320,
  yMax,
  compact = false,
}: {
  rows: ({ month: string } & Record<Status, number>)[];
  milestones: Milestone[];
  id: string;
  height?: number;
  /** A fixed top of the y axis, so that small multiples share one scale. */
  yMax?: number;
  /** A small multiple: no legend (one legend serves them all), milestone lines without labels. */
  compact?: boolean;
}) {
  const order = [...STATUSES].reverse();
  const months = new Set(rows.map((r) => r.month.slice(0, 7)));
  const visible = milestones.filter((m) => months.has(m.date.slice(0, 7)));
  const monthOf = (date: string) => rows.find((r) => r.month.slice(0, 7) === date.slice(0, 7))!.month;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <AreaChart data={rows} margin={{ top: 24, right: 16, bottom: 8, left: 8 }}>
        <PatternDefs
          series={STATUSES.map((s) => ({ id: `${id}-${s}`, colour: STATUS_COLOURS[s], pattern: STATUS_PATTERNS[s] }))}
        />
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="month" tickFormatter={(m: string) => m.slice(0, 7)} minTickGap={24} />
        <YAxis allowDecimals={false} domain={yMax ? [0, yMax] : undefined} width={compact ? 32 : undefined} />
        <Tooltip />
        {compact ? null : <Legend />}
        {order.map((s) => (
          <Area
            key={s}
            type="stepAfter"
            dataKey={s}
            name={STATUS_LABELS[s]}
            stackId="status"
            stroke={STATUS_COLOURS[s]}
            fill={`url(#${id}-${s})`}
            fillOpacity={1}
            isAnimationActive={false}
          />
        ))}
        {visible.map((m, i) => (
          <ReferenceLine
            key={m.key}
            x={monthOf(m.date)}
            stroke="#1b1f24"
            strokeDasharray="4 3"
            label={compact ? undefined : { value: m.short, position: i % 2 ? "insideTopRight" : "top", fontSize: 11 }}
          />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}
