// The search box and filters of a recommendation list (a GET form: works without JavaScript), with
// the count of each value from the search model's facets. Used by /recommendations and the bulk assessment page.
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { RESPONSE_LABELS, STATUS_LABELS } from "~/lib/format";
import { sdgLabel } from "~/lib/sdgs";
import type { RecommendationFilter } from "~/lib/recommendation-filter";
import type { Response, Status } from "../../db/schema";
import { FilterSelect } from "./filter-select";
import { TOPIC_PREFIX, topicOfFilter, topicOfLabel } from "~/lib/themes/theme-vocabulary";

interface Facet<V extends string | number> {
  value: V;
  label?: string;
  count: number;
}

export interface FilterFacets {
  cycle: Facet<number>[];
  response: Facet<Response>[];
  status: Facet<Status>[];
  state: Facet<string>[];
  from: Facet<string>[];
  group: Facet<string>[];
  action: Facet<number>[];
  theme: Facet<string>[];
  sdg: Facet<string>[];
  affected: Facet<string>[];
  issue: Facet<string>[];
}

const ACTION_LABELS: Record<number, string> = {
  1: "1 minimal action",
  2: "2 continuing action",
  3: "3 considering action",
  4: "4 general action",
  5: "5 specific action",
};

/** The topics of the labels held (and the one chosen), each finding its labels in both vocabularies. */
function themeTopicOptions(labels: Facet<string>[], chosen: string | undefined) {
  const topics = new Map<string, string>();
  const chosenTopic = chosen ? topicOfFilter(chosen) : null;
  if (chosenTopic) topics.set(`${TOPIC_PREFIX}${chosenTopic.key}`, chosenTopic.name);
  for (const f of labels) {
    const topic = topicOfLabel(f.value);
    if (topic) topics.set(`${TOPIC_PREFIX}${topic.key}`, topic.name);
  }
  return [...topics].sort((a, b) => a[1].localeCompare(b[1], "en")).map(([value, name]) => ({ value, label: name }));
}

export function RecommendationFilters(props: {
  action: string;
  filter: RecommendationFilter;
  facets: FilterFacets;
  children?: ReactNode;
}) {
  const { filter, facets } = props;
  const zero = (v: string | number) => `${v} (0)`;
  const counted = <V extends string | number>(list: Facet<V>[], label: (f: Facet<V>) => string) =>
    list.map((f) => ({ value: f.value, label: `${label(f)} (${f.count})` }));
  return (
    <Form method="get" action={props.action} className="search" role="search">
      <label htmlFor="q">Search the texts</label>
      <div className="search-row">
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={filter.q ?? ""}
          maxLength={200}
          placeholder="for example: trafficking"
        />
        <button type="submit">Search</button>
      </div>
      <details className="filter-panel" open={Object.keys(filter).length > 2 || undefined}>
        <summary>Filters</summary>
        <div className="filters">
          <FilterSelect
            missingLabel={zero}
            name="state"
            label="State under review"
            value={filter.state}
            options={counted(facets.state, (f) => f.label ?? f.value)}
          />
          <FilterSelect
            missingLabel={zero}
            name="cycle"
            label="Cycle"
            value={filter.cycle}
            options={counted(facets.cycle, (f) => `Cycle ${f.value}`)}
          />
          <FilterSelect
            missingLabel={zero}
            name="response"
            label="Response"
            value={filter.response}
            options={counted(facets.response, (f) => RESPONSE_LABELS[f.value])}
          />
          <FilterSelect
            missingLabel={zero}
            name="status"
            label="Current status"
            value={filter.status}
            options={counted(facets.status, (f) => STATUS_LABELS[f.value])}
          />
          <FilterSelect
            missingLabel={zero}
            name="from"
            label="Recommending state"
            value={filter.from}
            options={counted(facets.from, (f) => f.label ?? f.value)}
          />
          <FilterSelect
            missingLabel={zero}
            name="group"
            label="Regional group"
            value={filter.group}
            options={counted(facets.group, (f) => f.value)}
          />
          <FilterSelect
            missingLabel={zero}
            name="action"
            label="Action category"
            value={filter.action}
            options={counted(facets.action, (f) => ACTION_LABELS[f.value] ?? String(f.value))}
          />
          <FilterSelect
            missingLabel={zero}
            name="theme"
            label="UPR theme"
            value={filter.theme}
            options={[]}
            groups={[
              {
                label: "Topics: UPR Info's and OHCHR's labels together",
                options: themeTopicOptions(facets.theme, filter.theme),
              },
              { label: "Labels as the source writes them", options: counted(facets.theme, (f) => f.value) },
            ]}
          />
          <FilterSelect
            missingLabel={(v) => `${sdgLabel(String(v))} (0)`}
            name="sdg"
            label="Sustainable Development Goal"
            value={filter.sdg}
            options={counted(facets.sdg, (f) => sdgLabel(f.value))}
          />
          <FilterSelect
            missingLabel={zero}
            name="affected"
            label="Affected persons"
            value={filter.affected}
            options={counted(facets.affected, (f) => f.value)}
          />
          <FilterSelect
            missingLabel={zero}
            name="issue"
            label="Coalition issue"
            value={filter.issue}
            options={counted(facets.issue, (f) => f.label ?? f.value)}
          />
          <label>
            Changed since
            <input
              type="date"
              name="changedSince"
              defaultValue={filter.changedSince ?? ""}
              aria-describedby="changed-since-note"
            />
            <span id="changed-since-note" className="muted small">
              {" "}
              an assessment dated on or after this day
            </span>
          </label>
          {props.children}
        </div>
        <p>
          <button type="submit">Apply</button> <Link to={props.action}>Clear all</Link>
        </p>
      </details>
    </Form>
  );
}
