// Every migration, by name. Names sort in the order they run (ISO date and time first).
import type { Migration } from "kysely";
import * as foundation from "./2026-11-26T1900-foundation";
import * as signInAttempts from "./2026-11-26T2000-sign-in-attempts";
import * as searchAndCurrentStatus from "./2026-11-26T2100-search-and-current-status";
import * as issueSuggestionsAndFollowups from "./2026-11-26T2200-issue-suggestions-and-followups";
import * as sampleLinks from "./2026-11-26T2300-sample-links";
import * as recommendationThemesIndex from "./2026-11-26T2400-recommendation-themes-index";
import * as importRuns from "./2026-12-01T1000-import-runs";
import * as formSubmissions from "./2026-12-01T2300-form-submissions";
import * as advocacy from "./2026-12-01T2330-advocacy";
import * as recommendationTally from "./2026-12-02T0300-recommendation-tally";
import * as recommendationReviewCovering from "./2026-12-02T0700-recommendation-review-covering";
import * as statelessServers from "./2026-12-07T1200-stateless-servers";
import * as recommendationSdgs from "./2026-12-08T0200-recommendation-sdgs";
import * as reviewDates from "./2026-12-08T0300-review-dates";
import * as recommendationTexts from "./2026-12-08T0400-recommendation-texts";

export const migrations: Record<string, Migration> = {
  "2026-11-26T1900-foundation": foundation,
  "2026-11-26T2000-sign-in-attempts": signInAttempts,
  "2026-11-26T2100-search-and-current-status": searchAndCurrentStatus,
  "2026-11-26T2200-issue-suggestions-and-followups": issueSuggestionsAndFollowups,
  "2026-11-26T2300-sample-links": sampleLinks,
  "2026-11-26T2400-recommendation-themes-index": recommendationThemesIndex,
  "2026-12-01T1000-import-runs": importRuns,
  "2026-12-01T2300-form-submissions": formSubmissions,
  "2026-12-01T2330-advocacy": advocacy,
  "2026-12-02T0300-recommendation-tally": recommendationTally,
  "2026-12-02T0700-recommendation-review-covering": recommendationReviewCovering,
  "2026-12-07T1200-stateless-servers": statelessServers,
  "2026-12-08T0200-recommendation-sdgs": recommendationSdgs,
  "2026-12-08T0300-review-dates": reviewDates,
  "2026-12-08T0400-recommendation-texts": recommendationTexts,
};
