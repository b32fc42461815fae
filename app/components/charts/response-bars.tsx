import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/hooks";
import { wrapLabel } from "~/lib/chart-labels";
import type { ResponseRow } from "~/lib/dashboard-types";
import { useElementWidth } from "./element-width";
import { INK, RESPONSE_COLOURS, RESPONSE_PATTERNS } from "./palette";
import { PatternDefs } from "./patterns";

const SERIES = ["supported", "noted", "pending"] as const;
const ORDER: Record<string, number> = { supported: 0, noted: 1, pending: 2 };
const FONT = 12;

/**
 * Supported / noted / pending as stacked bars, one bar per row (horizontal when labels are long). Long
 * labels wrap on two lines and are shortened to the room the axis has; the tooltip has the full text.
 */
export function ResponseBars({
  rows,
  id,
  horizontal = false,
}: {
  rows: ResponseRow[];
  id: string;
  horizontal?: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const height = horizontal ? Math.max(160, rows.length * 38 + 70) : 280;
  const axisWidth = Math.round(Math.min(180, Math.max(96, width * 0.42)));
  const patterns = SERIES.map((s) => ({
    id: `${id}-${s}`,
    colour: RESPONSE_COLOURS[s],
    pattern: RESPONSE_PATTERNS[s],
  }));
  return (
    // The chart stays left to right in every language (its axes and anchors), with the words of the page's.
    <div ref={ref} className="chart-box" dir="ltr">
      {width > 0 ? (
        <BarChart
          // The figure's table holds the same numbers and the chart is hidden from screen readers:
          // nothing in it may take the keyboard's focus (Recharts 3 makes the SVG a focusable "application").
          accessibilityLayer={false}
          width={width}
          height={height}
          data={rows}
          layout={horizontal ? "vertical" : "horizontal"}
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
        >
          <PatternDefs series={patterns} />
          <CartesianGrid strokeDasharray="3 3" />
          {horizontal ? (
            <>
              <XAxis type="number" allowDecimals={false} />
              <YAxis
                type="category"
                dataKey="label"
                width={axisWidth}
                interval={0}
                tick={(props) => (
                  <CategoryTick
                    x={Number(props.x)}
                    y={Number(props.y)}
                    label={String(props.payload?.value ?? "")}
                    maxWidth={axisWidth - 12}
                  />
                )}
              />
            </>
          ) : (
            <>
              <XAxis dataKey="label" />
              <YAxis allowDecimals={false} />
            </>
          )}
          <Tooltip formatter={(v) => f.number(Number(v))} />
          <Legend itemSorter={(item) => ORDER[String(item.dataKey)] ?? 9} />
          {SERIES.map((s) => (
            <Bar
              key={s}
              dataKey={s}
              name={t(`charts.series.${s}`)}
              stackId="responses"
              fill={`url(#${id}-${s})`}
              stroke={RESPONSE_COLOURS[s]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      ) : null}
    </div>
  );
}

/** A category label on at most two lines, ending at the axis; the full text as its title (tooltip). */
function CategoryTick({ x, y, label: full, maxWidth }: { x: number; y: number; label: string; maxWidth: number }) {
  const lines = wrapLabel(full, maxWidth, FONT);
  return (
    <text x={x} y={y} textAnchor="end" fontSize={FONT} fill={INK} className="category-label">
      <title>{full}</title>
      {lines.map((line, i) => (
        <tspan key={i} x={x} dy={i === 0 ? (lines.length === 1 ? 4 : -2) : FONT + 2}>
          {line}
        </tspan>
      ))}
    </text>
  );
}
