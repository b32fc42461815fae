/**
 * CSV data rows (our template and UPR Info exports) to ImportRecords.
 */
import { normaliseRegionalGroup, resolveState } from "../../../lib/states/resolve-state";
import { decodeHtmlEntities } from "../../../lib/text/html";
import { OccurrenceKeys } from "../source-key";
import type { ImportState } from "../types";
import type { CsvField, CsvLayout } from "./csv-header";
import {
  isPledgeMarker,
  splitCommaList,
  splitSemicolonList,
  validateFields,
  type FieldName,
  type RawFields,
  type RowResult,
} from "./fields";

export type CsvRowMapper = (cells: string[], row: number) => RowResult;

/** The state, with the file's regional group when we could not resolve the name ourselves. */
function stateWithGroup(name: string, group: string): ImportState {
  const state = resolveState(name);
  if (state.iso3 !== null || group === "") return state;
  return { ...state, regionalGroup: normaliseRegionalGroup(group) };
}

export function createCsvRowMapper(layout: CsvLayout): CsvRowMapper {
  const { index, columns } = layout;
  /** A cell by field: HTML entities decoded, trimmed; "" when the column is absent. */
  const cell = (cells: string[], field: CsvField): string => {
    const i = index[field];
    if (i === undefined) return "";
    const value = cells[i];
    return value === undefined || value === "" ? "" : decodeHtmlEntities(value).trim();
  };
  const columnFor = (field: FieldName): string | null => {
    const i = index[field];
    return i === undefined ? null : columns[i];
  };
  const keys = new OccurrenceKeys();

  if (layout.format === "native") {
    const paragraphKeys = new Map<string, number>(); // source key -> first row
    return (cells, row) => {
      const recommendingStates = splitSemicolonList(cell(cells, "recommendingStates"));
      const response = cell(cells, "response");
      const pledge =
        isPledgeMarker(response) || (recommendingStates.length === 1 && isPledgeMarker(recommendingStates[0]));
      const raw: RawFields = {
        stateUnderReview: cell(cells, "stateUnderReview"),
        cycle: cell(cells, "cycle"),
        session: cell(cells, "session"),
        documentSymbol: cell(cells, "documentSymbol"),
        paragraph: cell(cells, "paragraph"),
        text: cell(cells, "text"),
        response: pledge ? "supported" : response,
        actionCategory: cell(cells, "actionCategory"),
        recommendingStates: pledge ? [] : recommendingStates,
        themes: splitSemicolonList(cell(cells, "themes")),
        sdgs: splitSemicolonList(cell(cells, "sdgs")),
        affectedPersons: splitSemicolonList(cell(cells, "affectedPersons")),
        issues: splitSemicolonList(cell(cells, "issues")),
      };
      const valid = validateFields(raw, row, columnFor);
      if (!valid.ok) return { problems: valid.problems };
      const v = valid.value;
      const stateUnderReview = resolveState(v.stateUnderReview);
      const states = v.recommendingStates.map((name) => resolveState(name));

      let sourceKey: string;
      if (v.paragraph !== null) {
        sourceKey = `${stateUnderReview.iso3 ?? stateUnderReview.name}:${v.cycle}:${v.paragraph}`;
        const first = paragraphKeys.get(sourceKey);
        if (first !== undefined) {
          return {
            problems: [
              {
                row,
                column: columnFor("paragraph"),
                message: `Paragraph ${v.paragraph} of ${stateUnderReview.name}'s cycle ${v.cycle} review appears twice (rows ${first} and ${row}).`,
              },
            ],
          };
        }
        paragraphKeys.set(sourceKey, row);
      } else {
        sourceKey = keys.next([
          stateUnderReview.iso3 ?? stateUnderReview.name,
          String(v.session),
          v.text,
          states.map((s) => s.iso3 ?? s.name).join("; "),
        ]);
      }
      return {
        record: {
          row,
          stateUnderReview,
          cycle: v.cycle,
          session: v.session,
          documentSymbol: v.documentSymbol,
          paragraph: v.paragraph,
          recommendingStates: states,
          text: v.text,
          response: v.response,
          actionCategory: v.actionCategory,
          themes: v.themes,
          sdgs: v.sdgs,
          affectedPersons: v.affectedPersons,
          issues: v.issues,
          kind: pledge ? "pledge" : "recommendation",
          sourceFormat: "native",
          sourceKey,
        },
        warnings: valid.warnings,
      };
    };
  }

  // UPR Info: one recommending state per row; no paragraph, no cycle (from the session).
  return (cells, row) => {
    const from = cell(cells, "recommendingStates");
    const response = cell(cells, "response");
    const pledge = isPledgeMarker(response) || isPledgeMarker(from);
    const raw: RawFields = {
      stateUnderReview: cell(cells, "stateUnderReview"),
      cycle: "",
      session: cell(cells, "session"),
      documentSymbol: "",
      paragraph: "",
      text: cell(cells, "text"),
      response: pledge ? "supported" : response,
      actionCategory: cell(cells, "actionCategory"),
      recommendingStates: pledge || from === "" ? [] : [from],
      themes: splitCommaList(cell(cells, "themes")),
      sdgs: [],
      affectedPersons: [],
      issues: [],
    };
    const valid = validateFields(raw, row, columnFor);
    if (!valid.ok) return { problems: valid.problems };
    const v = valid.value;
    const stateUnderReview = stateWithGroup(v.stateUnderReview, cell(cells, "stateUnderReviewGroup"));
    const recommendingStates = v.recommendingStates.map((name) =>
      stateWithGroup(name, cell(cells, "recommendingStateGroup")),
    );
    return {
      record: {
        row,
        stateUnderReview,
        cycle: v.cycle,
        session: v.session,
        documentSymbol: null,
        paragraph: null,
        recommendingStates,
        text: v.text,
        response: v.response,
        actionCategory: v.actionCategory,
        themes: v.themes,
        sdgs: [],
        affectedPersons: [],
        issues: [],
        kind: pledge ? "pledge" : "recommendation",
        sourceFormat: "upr-info",
        sourceKey: keys.next([v.stateUnderReview, String(v.session), v.text, from]),
      },
    };
  };
}
