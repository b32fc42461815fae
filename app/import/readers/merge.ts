/**
 * What a row of a second source adds to a recommendation already held (see match.ts for how the
 * two are paired). Pure.
 *
 * A match enriches: themes are added to those held, and an action category, a paragraph number or
 * a response that the held recommendation lacks (pending) is taken from the row. A value that
 * differs from one held (UPR Info says Accepted where the report says the recommendation did not
 * enjoy support) is a conflict: the held value stays, unless the user chose the file's values.
 * The text and the recommending states are never changed: the held ones are the report's words.
 */
import type { ImportRecord, RecommendationResponse } from "./types";

export interface HeldValues {
  paragraph: string | null;
  response: RecommendationResponse;
  actionCategory: number | null;
  themes: string[];
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
  record: Pick<ImportRecord, "paragraph" | "response" | "actionCategory" | "themes">,
  preferFile: boolean,
): MergePlan {
  const conflicts: MergeConflict[] = [];
  const after: HeldValues = { ...held, themes: [...held.themes] };

  for (const theme of record.themes) if (!after.themes.includes(theme)) after.themes.push(theme);

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
    after.themes.length !== held.themes.length;
  return { after, changed, conflicts };
}
