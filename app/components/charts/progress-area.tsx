import { Area, AreaChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { STATUSES, type Status } from "../../../db/schema";
import { placeLabels } from "~/lib/chart-labels";
import { useTranslation } from "react-i18next";
import type { Milestone } from "~/lib/review-period";
import { useFormat } from "~/i18n/hooks";
import { useElementWidth } from "./element-width";
import { INK, STATUS_COLOURS, STATUS_PATTERNS } from "./palette";
import { PatternDefs } from "./patterns";

const FONT = 11;
const ROW = 14;
// The plot's left and right: the y axis's width plus the margins (recharts' default axis is 60 px wide).
const MARGIN = { right: 16, bottom: 8, left: 8 };
const Y_AXIS = 60;

/**
 * Status counts by month as stacked areas, most implemented at the bottom, with the period's milestones
 * marked (the next review with a solid line); their labels take as many rows as they need not to overlap.
 * The legend reads as the stack does, top to bottom. The chart takes its box's width, at most `maxWidth`
 * (the printed report: the page's printable width).
 */
export function ProgressArea({
  rows,
  milestones,
  id,
  maxWidth = Infinity,
  height = 320,
  yMax,
  compact = false,
  assessedOnly = false,
  legend = !compact,
}: {
  rows: ({ month: string } & Record<Status, number>)[];
  milestones: Milestone[];
  id: string;
  maxWidth?: number;
  height?: number;
  /** A fixed top of the y axis, so that small multiples share one scale. */
  yMax?: number;
  /** A small multiple: no legend (one legend serves them all), milestone lines without labels. */
  compact?: boolean;
  /** Draw the legend (default: unless compact); a page of several charts may give it once. */
  legend?: boolean;
  /** Only the assessed statuses, on their own scale (progressScale in app/lib/progress-scale.ts). */
  assessedOnly?: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [ref, measured] = useElementWidth<HTMLDivElement>();
  const width = Math.min(measured, maxWidth);
  const order = [...STATUSES].reverse().filter((s) => !assessedOnly || s !== "not_assessed");
  const monthIndex = new Map(rows.map((r, i) => [r.month.slice(0, 7), i]));
  const visible = milestones.filter((m) => monthIndex.has(m.date.slice(0, 7)));
  const plotWidth = Math.max(1, width - Y_AXIS - MARGIN.left - MARGIN.right);
  const placed = placeLabels(
    visible.map((m) => ({
      fraction: rows.length > 1 ? monthIndex.get(m.date.slice(0, 7))! / (rows.length - 1) : 0,
      text: t(`charts.milestoneShort.${m.key}`),
    })),
    plotWidth,
    FONT,
  );
  const labelRows = compact ? 0 : Math.max(1, ...placed.map((p) => p.row + 1));
  return (
    // The chart stays left to right in every language (its axes and anchors), with the words of the page's.
    <div ref={ref} className="chart-box" dir="ltr">
      {width > 0 ? (
        <AreaChart
          // The figure's table holds the same numbers and the chart is hidden from screen readers:
          // nothing in it may take the keyboard's focus (Recharts 3 makes the SVG a focusable "application").
          accessibilityLayer={false}
          width={width}
          height={height + labelRows * ROW}
          data={rows}
          margin={{ ...MARGIN, top: labelRows * ROW + 8 }}
        >
          <PatternDefs
            series={STATUSES.map((s) => ({ id: `${id}-${s}`, colour: STATUS_COLOURS[s], pattern: STATUS_PATTERNS[s] }))}
          />
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" tickFormatter={(m: string) => m.slice(0, 7)} minTickGap={24} />
          <YAxis allowDecimals={false} domain={yMax ? [0, yMax] : undefined} width={Y_AXIS} />
          <Tooltip labelFormatter={(m) => f.month(String(m))} formatter={(v) => f.number(Number(v))} />
          {/* Top of the stack first: not assessed, …, fully implemented (the order of STATUSES and of the table). */}
          {legend ? <Legend itemSorter={(item) => STATUSES.indexOf(item.dataKey as Status)} /> : null}
          {order.map((s) => (
            <Area
              key={s}
              type="stepAfter"
              dataKey={s}
              name={t(`common.status.${s}`)}
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
              x={rows[monthIndex.get(m.date.slice(0, 7))!]!.month}
              stroke={INK}
              strokeWidth={m.key === "next_review" ? 2 : 1}
              strokeDasharray={m.key === "next_review" ? undefined : "4 3"}
              label={
                compact
                  ? undefined
                  : (props: { viewBox?: { x?: number; y?: number } }) => (
                      <text
                        x={props.viewBox?.x ?? 0}
                        y={(props.viewBox?.y ?? 0) - 4 - placed[i]!.row * ROW}
                        textAnchor={placed[i]!.anchor}
                        fontSize={FONT}
                        fill={INK}
                        className="milestone-label"
                      >
                        {t(`charts.milestoneShort.${m.key}`)}
                      </text>
                    )
              }
            />
          ))}
        </AreaChart>
      ) : null}
    </div>
  );
}
