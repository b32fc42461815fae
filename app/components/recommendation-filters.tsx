// The search box and filters of a recommendation list (a GET form: works without JavaScript), with
// the count of each value from the search model's facets. Used by /recommendations and the bulk assessment page.
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/hooks";
import { regionalGroupLabel } from "~/lib/dashboard-tables";
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

/** The topics of the labels held (and the one chosen), each finding its labels in both vocabularies. */
function themeTopicOptions(labels: Facet<string>[], chosen: string | undefined) {
  const topics = new Map<string, string>();
  const chosenTopic = chosen ? topicOfFilter(chosen) : null;
  if (chosenTopic) topics.set(`${TOPIC_PREFIX}${chosenTopic.key}`, chosenTopic.name);
  for (const f of labels) {
    const topic = topicOfLabel(f.value);
    if (topic) topics.set(`${TOPIC_PREFIX}${topic.key}`, topic.name);
  }
  return [...topics]
    .sort((a, b) => a[1].localeCompare(b[1], "en"))
    .map(([value, name]) => ({ value, label: name, lang: "en" }));
}

export function RecommendationFilters(props: {
  action: string;
  filter: RecommendationFilter;
  facets: FilterFacets;
  children?: ReactNode;
}) {
  const { filter, facets } = props;
  const { t } = useTranslation();
  const fmt = useFormat();
  const zero = (v: string | number) => `${v} (0)`;
  const counted = <V extends string | number>(
    list: Facet<V>[],
    label: (f: Facet<V>) => string,
    data?: { lang?: string; dir?: "auto" },
  ) => list.map((f) => ({ value: f.value, label: `${label(f)} (${fmt.number(f.count)})`, ...data }));
  const action = (n: number) =>
    n >= 1 && n <= 5
      ? t("filters.actionOption", { n, label: t(`common.actionCategory.${n as 1 | 2 | 3 | 4 | 5}`) })
      : String(n);
  return (
    <Form method="get" action={props.action} className="search" role="search">
      <label htmlFor="q">{t("filters.searchTexts")}</label>
      <div className="search-row">
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={filter.q ?? ""}
          maxLength={200}
          placeholder={t("filters.placeholder")}
        />
        <button type="submit">{t("common.search")}</button>
      </div>
      <details className="filter-panel" open={Object.keys(filter).length > 2 || undefined}>
        <summary>{t("filters.filters")}</summary>
        <div className="filters">
          <FilterSelect
            missingLabel={zero}
            name="state"
            label={t("common.stateUnderReview")}
            value={filter.state}
            options={counted(facets.state, (f) => fmt.state(f.value, f.label ?? f.value))}
          />
          <FilterSelect
            missingLabel={(v) => `${t("charts.cycleN", { cycle: v })} (0)`}
            name="cycle"
            label={t("common.cycle")}
            value={filter.cycle}
            options={counted(facets.cycle, (f) => t("charts.cycleN", { cycle: f.value }))}
          />
          <FilterSelect
            missingLabel={(v) => `${t(`common.response.${v as Response}`)} (0)`}
            name="response"
            label={t("common.response_label")}
            value={filter.response}
            options={counted(facets.response, (f) => t(`common.response.${f.value}`))}
          />
          <FilterSelect
            missingLabel={(v) => `${t(`common.status.${v as Status}`)} (0)`}
            name="status"
            label={t("filters.currentStatus")}
            value={filter.status}
            options={counted(facets.status, (f) => t(`common.status.${f.value}`))}
          />
          <FilterSelect
            missingLabel={zero}
            name="from"
            label={t("common.recommendingState")}
            value={filter.from}
            options={counted(facets.from, (f) => fmt.state(f.value, f.label ?? f.value))}
          />
          <FilterSelect
            missingLabel={(v) => `${regionalGroupLabel(String(v), t)} (0)`}
            name="group"
            label={t("charts.header.group")}
            value={filter.group}
            options={counted(facets.group, (f) => regionalGroupLabel(f.value, t))}
          />
          <FilterSelect
            missingLabel={(v) => `${action(Number(v))} (0)`}
            name="action"
            label={t("filters.actionCategory")}
            value={filter.action}
            options={counted(facets.action, (f) => action(f.value))}
          />
          <FilterSelect
            missingLabel={zero}
            name="theme"
            label={t("filters.theme")}
            value={filter.theme}
            options={[]}
            groups={[
              {
                label: t("filters.themeTopics"),
                options: themeTopicOptions(facets.theme, filter.theme),
              },
              {
                label: t("filters.themeLabels"),
                options: counted(facets.theme, (f) => f.value, { lang: "en" }),
              },
            ]}
          />
          <FilterSelect
            missingLabel={(v) => `${sdgLabel(String(v), t)} (0)`}
            name="sdg"
            label={t("charts.header.sdg")}
            value={filter.sdg}
            options={counted(facets.sdg, (f) => sdgLabel(f.value, t))}
          />
          <FilterSelect
            missingLabel={zero}
            name="affected"
            label={t("filters.affected")}
            value={filter.affected}
            options={counted(facets.affected, (f) => f.value, { lang: "en" })}
          />
          <FilterSelect
            missingLabel={zero}
            name="issue"
            label={t("charts.header.issue")}
            value={filter.issue}
            options={counted(facets.issue, (f) => f.label ?? f.value, { dir: "auto" })}
          />
          <label>
            {t("filters.changedSince")}
            <input
              type="date"
              name="changedSince"
              defaultValue={filter.changedSince ?? ""}
              aria-describedby="changed-since-note"
            />
            <span id="changed-since-note" className="muted small">
              {" "}
              {t("filters.changedSinceNote")}
            </span>
          </label>
          {props.children}
        </div>
        <p>
          <button type="submit">{t("filters.apply")}</button> <Link to={props.action}>{t("filters.clearAll")}</Link>
        </p>
      </details>
    </Form>
  );
}
