/**
 * Rows of a table (a CSV file or a workbook sheet) to import events: the header decides the format
 * (our template, a UPR Info export, or, in a workbook, a UHRI export with the JSON's fields as
 * columns), then each data row becomes a record, problems or a skipped row. Shared by the CSV reader
 * and the workbook reader so that both apply the same rules. Pure.
 */
import { analyseCsvHeader, headerKey } from "./formats/csv-header";
import { createCsvRowMapper } from "./formats/csv-rows";
import type { RowResult } from "./formats/fields";
import { createUhriRecordMapper } from "./formats/uhri";
import type { DetectedInput, ImportEvent, ImportOptions, ImportProblem, ImportSummary } from "./types";

type Base = Omit<DetectedInput, "format" | "columns" | "ignoredColumns">;

/** The UHRI fields that hold lists: in a workbook, one cell with the values on lines or separated by ";" or "|". */
const UHRI_LIST_FIELDS = new Set([
  "Countries",
  "Themes",
  "AffectedPersons",
  "Sdgs",
  "UprSession",
  "UprPositions",
  "UprRecommendingCountry",
  "UprRecommendingRegions",
]);
/**
 * The separator of a list cell, with the spaces around it. The spaces before it are taken only from
 * where a run of spaces starts (the lookbehind): from every space of a long run, \s* would read on to
 * the run's end again.
 */
const LIST_SEPARATOR_RE = /(?:(?<!\s)\s*)?(?:\r?\n|;|\|)\s*/;

function isBlank(cells: string[]): boolean {
  for (const cell of cells) if (cell.trim() !== "") return false;
  return true;
}

export interface TableReader {
  /** The header row: events (detected, or the problems that end the read) and whether rows can follow. */
  header(cells: string[]): { events: ImportEvent[]; ok: boolean };
  /** One data row (spreadsheet row number `row`): its events, with the summary counted. */
  row(cells: string[], row: number): ImportEvent[];
}

export function createTableReader(summary: ImportSummary, options: ImportOptions, base: Base): TableReader {
  let mapRow: ((cells: string[], row: number) => RowResult) | null = null;
  let columnCount = 0;
  let lastUsedColumn = 0;
  const delimiter = base.delimiter;

  function problem(p: ImportProblem): ImportEvent {
    summary.problems++;
    return { type: "problem", problem: p };
  }

  function uhriHeader(cells: string[]): boolean {
    const keys = cells.map(headerKey);
    return (
      keys.includes("annotationid") &&
      keys.includes("text") &&
      (options.format === "auto" || options.format === undefined || options.format === "uhri")
    );
  }

  return {
    header(cells) {
      const columns = cells.map((c) => c.replace(/^\uFEFF/, "").trim());
      columnCount = cells.length;
      if (base.container !== "csv" && uhriHeader(columns)) {
        summary.detected = { ...base, format: "uhri", columns, ignoredColumns: [] };
        const mapUhri = createUhriRecordMapper();
        mapRow = (row, n) => {
          const value: Record<string, unknown> = {};
          columns.forEach((name, i) => {
            const cell = row[i] ?? "";
            value[name] = UHRI_LIST_FIELDS.has(name)
              ? cell.split(LIST_SEPARATOR_RE).filter((x) => x !== "")
              : cell === ""
                ? null
                : cell;
          });
          return mapUhri(value, n);
        };
        lastUsedColumn = 0;
        return { events: [{ type: "detected", detected: summary.detected }], ok: true };
      }
      const format = options.format === "native" || options.format === "upr-info" ? options.format : "auto";
      const analysis = analyseCsvHeader(cells, format);
      const events: ImportEvent[] = [];
      if (analysis.format !== null) {
        summary.detected = {
          ...base,
          format: analysis.format,
          columns,
          ignoredColumns: analysis.layout?.ignoredColumns ?? [],
        };
        events.push({ type: "detected", detected: summary.detected });
      }
      if (analysis.layout === null) {
        summary.aborted = true;
        for (const p of analysis.problems) events.push(problem(p));
        return { events, ok: false };
      }
      mapRow = createCsvRowMapper(analysis.layout);
      lastUsedColumn = Math.max(...Object.values(analysis.layout.index).map((n) => n as number));
      return { events, ok: true };
    },

    row(cells, row) {
      if (isBlank(cells)) return []; // blank lines are not rows of data
      summary.rows++;
      if (delimiter !== null && cells.length > columnCount && !isBlank(cells.slice(columnCount))) {
        return [
          problem({
            row,
            column: null,
            message: `This row has ${cells.length} fields but the header has ${columnCount}: a cell holding "${delimiter === "\t" ? "tab" : delimiter}" must be quoted.`,
          }),
        ];
      }
      // A workbook drops empty cells at the end of a row: they are empty, not missing.
      if (delimiter !== null && cells.length <= lastUsedColumn) {
        return [
          problem({
            row,
            column: null,
            message: `This row has ${cells.length} fields but the header has ${columnCount}.`,
          }),
        ];
      }
      const padded =
        delimiter === null && cells.length < columnCount
          ? [...cells, ...Array<string>(columnCount - cells.length).fill("")]
          : cells;
      const result = (mapRow as NonNullable<typeof mapRow>)(padded, row);
      if ("record" in result) {
        summary.records++;
        return [
          { type: "record", record: result.record },
          ...(result.warnings ?? []).map((warning): ImportEvent => ({ type: "warning", warning })),
        ];
      }
      if ("problems" in result) return result.problems.map(problem);
      summary.skipped++;
      return [{ type: "skipped", skipped: { row, reason: result.skipped } }];
    },
  };
}
