import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";

export interface IssueSummary {
  id: number;
  slug: string;
  title: string;
  description: string;
  archived: boolean;
  linkedRecommendations: number;
}

/** The coalition's issues with how many recommendations are linked to each; archived ones last. */
export async function listIssues(db: Kysely<Database>): Promise<IssueSummary[]> {
  return db
    .selectFrom("coalition_issue as i")
    .select([
      "i.id",
      "i.slug",
      "i.title",
      "i.description",
      sql<boolean>`i.archived_at is not null`.as("archived"),
      sql<number>`(select count(*) from recommendation_issue ri where ri.issue_id = i.id)::int`.as("linkedRecommendations"),
    ])
    .orderBy(sql`i.archived_at is not null`)
    .orderBy("i.id")
    .execute();
}
