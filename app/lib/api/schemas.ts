// The read API's shapes (/api/v1, docs/api.md): the Zod schemas that describe its answers and check its
// parameters. The OpenAPI document is made from them (./openapi.ts), and the tests parse every answer with
// them, so the document says what the API does. Fields are machine codes and data, never interface words:
// `response`, `status` and `regionalGroup` are codes ("supported", "in_progress", "WEOG"), states are named
// by ISO 3166 alpha-3 code beside their name as held; none of it changes with the interface's language.
// Pure: no database, no request.
import { z } from "zod";
import { REGIONAL_GROUPS, RESPONSES, STATUSES } from "../../../db/schema";
import { iso3Code } from "../query-params";

/** A page of a list holds at most this many entries (?limit=), and this many when not said. */
export const API_MAX_LIMIT = 100;
export const API_DEFAULT_LIMIT = 50;

// ---------------------------------------------------------------------------------------------
// Parameters

export const LimitParam = z.coerce
  .number()
  .int()
  .min(1)
  .max(API_MAX_LIMIT)
  .meta({ description: `Entries per page, 1 to ${API_MAX_LIMIT} (default ${API_DEFAULT_LIMIT}).` });
export const PageParam = z.coerce
  .number()
  .int()
  .min(1)
  .max(1_000_000)
  .meta({ description: "Page number, from 1. A page past the last answers an empty `data` with `links.next` null." });
export const StateParam = iso3Code.meta({
  description: "State under review, ISO 3166-1 alpha-3 code (any case).",
  example: "KEN",
});
export const RecommendationIdParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2_147_483_647)
  .meta({ description: "The recommendation's id (`id` in the lists)." });
export const IssueSlugParam = z
  .string()
  .max(80)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .meta({ description: "The coalition issue's slug.", example: "trafficking-data" });

// ---------------------------------------------------------------------------------------------
// Pieces

const Iso3 = z.string().meta({ description: "ISO 3166-1 alpha-3 code.", example: "KEN" });
const IsoDate = z.string().meta({ description: "A date, YYYY-MM-DD.", format: "date", example: "2010-05-06" });
const Url = z.string().meta({ description: "An absolute URL.", format: "uri" });

export const ResponseCode = z
  .enum(RESPONSES)
  .meta({ description: "The state under review's response: supported, noted, or pending while none is known." });
export const StatusCode = z.enum(STATUSES).meta({
  description: "Implementation status: the latest assessment's (by as-of date), not_assessed when there is none.",
});
export const RegionalGroupCode = z
  .enum(REGIONAL_GROUPS)
  .meta({ description: "UN regional group (a code, as UN documents name the groups)." });

export const StateRef = z
  .strictObject({
    iso3: Iso3.nullable().meta({ description: "ISO 3166-1 alpha-3 code; null for an entity without one." }),
    name: z.string().meta({ description: "The name as held (data, not an interface word)." }),
  })
  .meta({ description: "A state: its code, and its name as held." });

export const IssueRef = z
  .strictObject({ slug: z.string(), title: z.string() })
  .meta({ description: "A coalition issue: its slug (stable) and title (the coalition's own words)." });

export const PageMeta = z
  .strictObject({
    total: z.int().min(0).meta({ description: "How many entries match, on all pages." }),
    page: z.int().min(1),
    pageCount: z.int().min(1),
    limit: z.int().min(1).max(API_MAX_LIMIT),
  })
  .meta({ description: "Where this page is in the list." });

export const PageLinks = z
  .strictObject({
    self: Url,
    next: Url.nullable().meta({ description: "The next page; null on the last page (and past it)." }),
    prev: Url.nullable().meta({ description: "The previous page; null on the first." }),
  })
  .meta({ description: "Links to this page and its neighbours, with the same parameters." });

// ---------------------------------------------------------------------------------------------
// Answers

export const State = z
  .strictObject({
    iso3: Iso3,
    name: z.string(),
    regionalGroup: RegionalGroupCode.nullable(),
    reviews: z.int().min(0).meta({ description: "Reviews of this state held here." }),
    recommendationsReceived: z
      .int()
      .min(0)
      .meta({ description: "Recommendations held (pledges excluded) made to this state as state under review." }),
    recommendationsMade: z
      .int()
      .min(0)
      .meta({ description: "Recommendations held that this state made as recommending state." }),
    links: z.strictObject({ reviews: Url, recommendations: Url }),
  })
  .meta({ description: "A state held, with what is held of it." });
export const StatesResponse = z.strictObject({ data: z.array(State) });

export const Review = z
  .strictObject({
    id: z.int(),
    stateUnderReview: StateRef,
    cycle: z.int().min(1),
    session: z.int().min(1),
    reviewDate: IsoDate.nullable(),
    adoptionDate: IsoDate.nullable(),
    reviewDateEstimated: z.boolean().meta({
      description: "The review date is its session's first day (the UPR session calendar), not the day of the review.",
    }),
    adoptionDateEstimated: z
      .boolean()
      .meta({ description: "The adoption date is estimated: about five months after the review." }),
    reportSymbol: z
      .string()
      .nullable()
      .meta({ description: "The Working Group report's symbol.", example: "A/HRC/15/8" }),
    official: z
      .strictObject({
        received: z.int().nullable(),
        supported: z.int().nullable(),
        noted: z.int().nullable(),
      })
      .meta({ description: "The official totals of the review, where known (null: not known)." }),
    held: z
      .strictObject({
        recommendations: z.int().min(0),
        supported: z.int().min(0),
        noted: z.int().min(0),
        pending: z.int().min(0),
        pledges: z.int().min(0),
      })
      .meta({ description: "What is held here: the recommendations by response, and the voluntary pledges apart." }),
    links: z.strictObject({ recommendations: Url }),
  })
  .meta({ description: "A review of a state under review (one per UPR cycle)." });
export const ReviewsResponse = z.strictObject({ data: z.array(Review) });

const RecommendationCore = {
  id: z.int(),
  kind: z.enum(["recommendation", "pledge"]),
  paragraph: z.string().nullable().meta({ description: "The report paragraph ('142.56'); null when not known." }),
  text: z.string().meta({ description: "Verbatim UN text." }),
  response: ResponseCode,
  status: StatusCode,
  statusAsOf: IsoDate.nullable().meta({ description: "The as-of date of the assessment giving the status." }),
  stateUnderReview: StateRef,
  cycle: z.int().min(1),
  actionCategory: z
    .int()
    .min(1)
    .max(5)
    .nullable()
    .meta({ description: "UPR Info action category: 1 minimal ... 5 specific action." }),
  themes: z.array(z.string()),
  sdgs: z.array(z.string()).meta({
    description: "Sustainable Development Goals and targets: codes such as 16 and 16.3 (a target with its goal).",
  }),
  affectedPersons: z.array(z.string()).meta({ description: "Affected persons or groups, as the source writes them." }),
  issues: z.array(IssueRef),
};

export const RecommendationListEntry = z
  .strictObject({
    ...RecommendationCore,
    recommendingStates: z.array(StateRef),
    links: z.strictObject({ self: Url }),
  })
  .meta({ description: "A recommendation in a list." });
export const RecommendationsResponse = z.strictObject({
  data: z.array(RecommendationListEntry),
  meta: PageMeta,
  links: PageLinks,
});

export const Assessment = z
  .strictObject({
    id: z.int(),
    status: StatusCode,
    asOf: IsoDate,
    evidence: z.string(),
    sources: z.array(Url),
    organisation: z.strictObject({ name: z.string() }),
    sample: z.boolean().meta({ description: "True for the made-up sample data, never a real assessment." }),
  })
  .meta({ description: "An implementation assessment: made by an organisation, as of a date, with evidence." });

export const RecommendationDetail = z
  .strictObject({
    ...RecommendationCore,
    review: z.strictObject({
      id: z.int(),
      session: z.int(),
      reviewDate: IsoDate.nullable(),
      reportSymbol: z.string().nullable(),
    }),
    recommendingStates: z.array(StateRef.extend({ regionalGroup: RegionalGroupCode.nullable() })),
    assessments: z.array(Assessment).meta({ description: "Every assessment, newest first (as-of date)." }),
    links: z.strictObject({ self: Url, page: Url.meta({ description: "The recommendation's page for people." }) }),
  })
  .meta({ description: "One recommendation with its public assessments." });
export const RecommendationResponse = z.strictObject({ data: RecommendationDetail });

const ByStatus = z
  .strictObject(
    Object.fromEntries(STATUSES.map((s) => [s, z.int().min(0)])) as Record<(typeof STATUSES)[number], z.ZodInt>,
  )
  .meta({ description: "The linked recommendations by current status." });

const IssueCore = {
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  archived: z.boolean(),
  linkedRecommendations: z.int().min(0),
};

export const Issue = z
  .strictObject({ ...IssueCore, byStatus: ByStatus, links: z.strictObject({ self: Url }) })
  .meta({ description: "A coalition issue." });
export const IssuesResponse = z.strictObject({ data: z.array(Issue) });

export const LinkedRecommendation = z
  .strictObject({
    id: z.int(),
    paragraph: z.string().nullable(),
    text: z.string(),
    response: ResponseCode,
    status: StatusCode,
    stateUnderReview: StateRef,
    cycle: z.int().min(1),
    links: z.strictObject({ self: Url }),
  })
  .meta({ description: "A recommendation linked to a coalition issue." });
export const IssueResponse = z.strictObject({
  data: z.strictObject({ ...IssueCore, recommendations: z.array(LinkedRecommendation) }),
  meta: PageMeta,
  links: PageLinks,
});

export const ApiError = z
  .strictObject({
    error: z.strictObject({
      status: z.int(),
      code: z.enum(["bad_request", "not_found", "method_not_allowed", "internal_error"]),
      message: z.string(),
      parameters: z
        .array(z.string())
        .optional()
        .meta({ description: "The parameters refused, as name=value (or the name alone)." }),
    }),
  })
  .meta({ description: "An error: its HTTP status, a stable code and a message for people." });
export type ApiErrorCode = z.infer<typeof ApiError>["error"]["code"];
