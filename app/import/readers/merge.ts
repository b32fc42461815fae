/**
 * What a row of a second source adds to a recommendation already held (see match.ts for how the
 * two are paired). Pure.
 *
 * A match enriches: themes, SDGs and affected persons are added to those held, and an action category, a paragraph number or
 * a response that the held recommendation lacks (pending) is taken from the row. A value that
 * differs from one held (UPR Info says Accepted where the report says the recommendation did not
 * enjoy support) is a conflict: the held value stays, unless the user chose the file's values.
 * The text and the recommending states are never changed: the held ones are the report's words.
 */
import { normaliseSdgs } from "../../lib/sdgs";
import type { ImportRecord, RecommendationResponse } from "./types";

export interface HeldValues {
  paragraph: string | null;
  response: RecommendationResponse;
  actionCategory: number | null;
  themes: string[];
  sdgs: string[];
  affectedPersons: string[];
}

export type MergeField = "paragraph" | "response" | "actionCategory";

export interface MergeConflict {
  field: MergeField;
  held: string;
  file: string;
}

export interface MergePlan {
  /** The values after the merge (equal to the held ones when nothing changes). */
  after: HeldValues;
  changed: boolean;
  conflicts: MergeConflict[];
}

export function planMerge(
  held: HeldValues,
  record: Pick<ImportRecord, "paragraph" | "response" | "actionCategory" | "themes" | "sdgs" | "affectedPersons">,
  preferFile: boolean,
): MergePlan {
  const conflicts: MergeConflict[] = [];
  const after: HeldValues = {
    ...held,
    themes: [...held.themes],
    sdgs: addedSdgs(held.sdgs, record.sdgs),
    affectedPersons: [...held.affectedPersons],
  };

  for (const theme of record.themes) if (!after.themes.includes(theme)) after.themes.push(theme);
  for (const label of record.affectedPersons)
    if (!after.affectedPersons.includes(label)) after.affectedPersons.push(label);

  if (record.paragraph !== null) {
    if (held.paragraph === null) after.paragraph = record.paragraph;
    else if (held.paragraph !== record.paragraph) {
      conflicts.push({ field: "paragraph", held: held.paragraph, file: record.paragraph });
      if (preferFile) after.paragraph = record.paragraph;
    }
  }
  if (record.response !== "pending") {
    if (held.response === "pending") after.response = record.response;
    else if (held.response !== record.response) {
      conflicts.push({ field: "response", held: held.response, file: record.response });
      if (preferFile) after.response = record.response;
    }
  }
  if (record.actionCategory !== null) {
    if (held.actionCategory === null) after.actionCategory = record.actionCategory;
    else if (held.actionCategory !== record.actionCategory) {
      conflicts.push({
        field: "actionCategory",
        held: String(held.actionCategory),
        file: String(record.actionCategory),
      });
      if (preferFile) after.actionCategory = record.actionCategory;
    }
  }

  const changed =
    after.paragraph !== held.paragraph ||
    after.response !== held.response ||
    after.actionCategory !== held.actionCategory ||
    after.themes.length !== held.themes.length ||
    after.sdgs.length !== held.sdgs.length ||
    after.affectedPersons.length !== held.affectedPersons.length;
  return { after, changed, conflicts };
}

/** The SDG codes held with those of a row added, in the codes' order (held unchanged when the row adds none). */
export function addedSdgs(held: readonly string[], added: readonly string[]): string[] {
  return added.every((code) => held.includes(code)) ? [...held] : normaliseSdgs([...held, ...added]).codes;
}
