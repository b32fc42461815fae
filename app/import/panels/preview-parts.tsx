// The preview's parts on the import page (app/import/panels/import-panels.tsx): the rows as they will
// be stored, the differences from held values, the uncertain matches to decide, and the counts.
import { Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { ImportSummary } from "~/import/readers/summary";
import { TableWrap } from "~/components/table-wrap";
import { useFormat } from "~/i18n/hooks";
import { UN_STATES } from "~/lib/states/un-member-states";

/** "Kenya, cycle 1 (session 8)": a review the import names or creates. */
function reviewName(t: TFunction, r: { state: string; cycle: number; session: number | null }): string {
  return t("import.reviewName", { state: r.state, cycle: r.cycle, session: r.session ?? "—" });
}

/**
 * The first rows as they will be stored. The recommendation's text takes the width; the review, paragraph,
 * response and outcome are narrow columns, the rest is written under the text. On a phone each row is a card.
 */
export function PreviewRows({ summary: s }: { summary: ImportSummary }) {
  const { t } = useTranslation();
  const labels = {
    row: t("import.row"),
    review: t("common.review"),
    paragraph: t("common.paragraph"),
    recommendation: t("common.recommendation"),
    response: t("common.response_label"),
    willBe: t("import.willBe"),
  };
  return (
    <table className="import-rows" data-testid="import-rows">
      <caption>{t("import.firstRows", { count: s.preview.length })}</caption>
      <colgroup>
        <col className="col-row" />
        <col className="col-review" />
        <col className="col-para" />
        <col />
        <col className="col-response" />
        <col className="col-outcome" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">{labels.row}</th>
          <th scope="col">{labels.review}</th>
          <th scope="col">{t("import.paragraphHyphenated")}</th>
          <th scope="col">{labels.recommendation}</th>
          <th scope="col">{labels.response}</th>
          <th scope="col">{labels.willBe}</th>
        </tr>
      </thead>
      <tbody>
        {s.preview.map((r) => (
          <tr key={r.row}>
            <td data-label={labels.row}>{r.row}</td>
            <td data-label={labels.review}>
              {reviewName(t, { state: r.stateUnderReview, cycle: r.cycle, session: r.session })}
            </td>
            <td data-label={labels.paragraph}>{r.paragraph ?? "—"}</td>
            <td data-label={labels.recommendation} className="text">
              <span lang="en">{r.text}</span>
              <span className="import-row-details">
                {r.kind === "pledge" ? (
                  t("exports.pledge")
                ) : (
                  <>
                    {t("import.from")}
                    <span lang="en">{r.recommendingStates.join("; ") || "—"}</span>
                  </>
                )}
                {r.actionCategory ? ` · ${t("import.actionCategoryN", { n: r.actionCategory })}` : ""}
                {r.themes.length ? (
                  <>
                    {" · "}
                    {t("import.themesLabel")}
                    <span lang="en">{r.themes.join("; ")}</span>
                  </>
                ) : null}
                {r.sdgs.length ? ` · ${t("import.sdgsLabel")}${r.sdgs.join("; ")}` : ""}
                {r.affectedPersons.length ? (
                  <>
                    {" · "}
                    {t("import.affectedLabel")}
                    <span lang="en">{r.affectedPersons.join("; ")}</span>
                  </>
                ) : null}
                {r.issues.length ? (
                  <>
                    {" · "}
                    {t("import.issuesLabel")}
                    <span dir="auto">{r.issues.join("; ")}</span>
                  </>
                ) : null}
              </span>
            </td>
            <td data-label={labels.response} className={`response response-${r.response}`}>
              {t(`common.response.${r.response}`)}
            </td>
            <td data-label={labels.willBe}>{t(`import.outcome.${r.outcome}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the import would do, in a sentence and the numbers that decide it: new, merged, changed, unchanged, differing, rejected. */
export function Decision({ summary: s }: { summary: ImportSummary }) {
  const { t } = useTranslation();
  const { number: n } = useFormat();
  const p = s.planned;
  const tiles: [string, number, boolean][] = [
    [t("import.tile.new"), p.inserted, false],
    [t("import.tile.merged"), p.merged, false],
    [t("import.tile.changed"), p.updated, false],
    [t("import.tile.unchanged"), p.unchanged, false],
    [t("import.tile.differ"), s.conflictCount, false],
    [t("import.tile.decide"), s.uncertainCount, true],
    [t("import.tile.rejected"), s.rejected, true],
  ];
  const reviews = s.reviewsCreated.map((r) => reviewName(t, r));
  return (
    <>
      <p className="import-decision-line">
        {s.errorCount > 0
          ? t("import.decision.blocked", {
              rows: t("import.rows", { count: s.rejected, n: n(s.rejected) }),
              of: n(s.rows),
            })
          : t("import.decision.plan", {
              read: t("import.rowsRead", { count: s.rows, n: n(s.rows) }),
              adds: t("import.newRecommendations", { count: p.inserted, n: n(p.inserted) }),
              inReviews: reviews.length
                ? t("import.inNewReviews", { count: reviews.length, n: n(reviews.length) })
                : "",
              merges: t("import.rows", { count: p.merged, n: n(p.merged) }),
              updated: n(p.updated),
              unchanged: n(p.unchanged),
            })}
        {reviews.length && reviews.length <= 3 ? (
          <> {t("import.decision.newReviews", { reviews: reviews.join("; ") })}</>
        ) : null}
      </p>
      <dl className="import-tiles" data-testid="import-tiles">
        {tiles.map(([label, value, attention]) => (
          <div key={label} className={value > 0 && attention ? "attention" : ""}>
            <dt>{label}</dt>
            <dd>{n(value)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

const FIELD_KEYS = {
  response: "common.response_label",
  actionCategory: "exports.column.actionCategory",
  paragraph: "common.paragraph",
} as const;

/** Where a row merged into a held recommendation says something else: the held value stays unless the user chooses the file's. */
export function Conflicts({ summary: s, preferFile }: { summary: ImportSummary; preferFile: boolean }) {
  const { t } = useTranslation();
  const { number: n } = useFormat();
  const labels = {
    row: t("import.row"),
    held: t("import.conflict.heldRecommendation"),
    what: t("import.conflict.what"),
    heldValue: t("import.conflict.held"),
    file: t("import.conflict.inFile"),
  };
  return (
    <>
      <TableWrap>
        {(captionId) => (
          <table className="import-conflicts" data-testid="import-conflicts" id="import-conflicts">
            <caption id={captionId}>
              {t("import.conflict.caption", { count: s.conflictCount, n: n(s.conflictCount) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{labels.row}</th>
                <th scope="col">{labels.held}</th>
                <th scope="col">{labels.what}</th>
                <th scope="col">{labels.heldValue}</th>
                <th scope="col">{labels.file}</th>
              </tr>
            </thead>
            <tbody>
              {s.conflicts.map((c, i) => (
                <tr key={i}>
                  <td data-label={labels.row}>{c.row}</td>
                  <td data-label={labels.held}>
                    <Link to={`/recommendations/${c.recommendationId}`}>{c.paragraph ?? `#${c.recommendationId}`}</Link>
                  </td>
                  <td data-label={labels.what}>{t(FIELD_KEYS[c.field])}</td>
                  <td data-label={labels.heldValue} lang="en">
                    {c.held}
                  </td>
                  <td data-label={labels.file} lang="en">
                    {c.file}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableWrap>
      <label className="check">
        <input type="checkbox" name="preferFile" value="1" defaultChecked={preferFile} />{" "}
        {t("import.conflict.preferFile")}
      </label>
    </>
  );
}

/** Rows that may be rows of a held recommendation: the user says which, or new, or leaves them out. */
/**
 * The state names the file writes that match no state we know: each is asked about (the state it is, or, for a
 * recommending state, none), so that no state is created from a misspelling. The answers go back with the form.
 */
export function UnknownStates({
  summary: s,
  answers,
}: {
  summary: ImportSummary;
  answers: Readonly<Record<string, string>>;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const states = [...UN_STATES]
    .map((st) => ({ iso3: st.iso3, name: f.state(st.iso3, st.name) }))
    .sort((a, b) => a.name.localeCompare(b.name, f.lng));
  return (
    <fieldset data-testid="import-unknown-states" id="import-unknown-states">
      <legend>
        {t("import.unknownStates.legend", { count: s.unknownStates.length })} {t("import.unknownStates.untilAnswered")}
      </legend>
      {s.unknownStates.map((u, i) => (
        <p key={`${u.field}:${u.name}`}>
          <input type="hidden" name={`stateName.${i}`} value={u.name} />
          <label>
            <strong dir="auto">“{u.name}”</strong>,{" "}
            {u.field === "stateUnderReview"
              ? t("import.unknownStates.underReview")
              : t("import.unknownStates.recommending")}{" "}
            (
            {u.rows === 1
              ? t("import.unknownStates.row", { row: u.firstRow })
              : t("import.unknownStates.rows", { count: u.rows, first: u.firstRow })}
            ) {t("import.unknownStates.is")}{" "}
            <select name={`stateChoice.${i}`} defaultValue={answers[u.name] ?? ""}>
              <option value="">{t("import.unknownStates.choose")}</option>
              {u.field === "recommendingStates" ? <option value="none">{t("import.unknownStates.none")}</option> : null}
              {states.map((st) => (
                <option key={st.iso3} value={st.iso3}>
                  {st.name}
                </option>
              ))}
            </select>
          </label>
        </p>
      ))}
    </fieldset>
  );
}

export function Uncertain({ summary: s }: { summary: ImportSummary }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <fieldset data-testid="import-uncertain" id="import-uncertain">
      <legend>{t("import.uncertain.legend", { count: s.uncertainCount, n: f.number(s.uncertainCount) })}</legend>
      {s.uncertain.map((u) => (
        <div key={u.row} className="uncertain">
          <p>
            <strong>{t("import.rowN", { row: u.row })}</strong> (
            <span lang="en">{u.recommendingStates.join(", ")}</span>): <span lang="en">{u.text}</span>
          </p>
          <ul className="plain">
            {u.candidates.map((c) => (
              <li key={c.id}>
                <label>
                  <input type="radio" name={`match.${u.row}`} value={String(c.id)} /> {t("import.uncertain.sameAs")}{" "}
                  {c.paragraph ?? `#${c.id}`}: <span lang="en">{c.text}</span> (
                  {t("import.uncertain.similarity", { share: f.percent(Math.round(c.score * 100) / 100) })})
                </label>
              </li>
            ))}
            <li>
              <label>
                <input type="radio" name={`match.${u.row}`} value="new" /> {t("import.uncertain.new")}
              </label>
            </li>
            <li>
              <label>
                <input type="radio" name={`match.${u.row}`} value="skip" defaultChecked /> {t("import.uncertain.skip")}
              </label>
            </li>
          </ul>
        </div>
      ))}
      {s.uncertainCount > s.uncertain.length ? (
        <p className="note">
          {t("import.uncertain.more", {
            count: s.uncertainCount - s.uncertain.length,
            n: f.number(s.uncertainCount - s.uncertain.length),
          })}
        </p>
      ) : null}
    </fieldset>
  );
}

export function Counts({ summary: s }: { summary: ImportSummary }) {
  const { t } = useTranslation();
  const { number: n } = useFormat();
  const p = s.planned;
  const none = t("common.none");
  return (
    <table className="narrow" data-testid="import-counts">
      <caption>
        {s.committed
          ? t("import.counts.did")
          : s.dryRun
            ? t("import.counts.wouldDo")
            : t("import.counts.wouldHaveDone")}
      </caption>
      <tbody>
        <tr>
          <th scope="row">{t("import.counts.rowsRead")}</th>
          <td>{n(s.rows)}</td>
        </tr>
        <tr>
          <th scope="row">{t("import.counts.new")}</th>
          <td>{n(p.inserted)}</td>
        </tr>
        <tr>
          <th scope="row">{t("import.counts.merged")}</th>
          <td>{n(p.merged)}</td>
        </tr>
        <tr>
          <th scope="row">{t("import.counts.changed")}</th>
          <td>{n(p.updated)}</td>
        </tr>
        {p.translated || (s.textLanguage && s.textLanguage !== "en") ? (
          <tr>
            <th scope="row">
              {t("import.counts.translated", {
                language: t(`common.languageName.${s.textLanguage ?? "en"}` as "common.languageName.en"),
              })}
            </th>
            <td>{n(p.translated)}</td>
          </tr>
        ) : null}
        {s.textConflictCount ? (
          <tr>
            <th scope="row">{t("import.counts.textConflicts")}</th>
            <td>{n(s.textConflictCount)}</td>
          </tr>
        ) : null}
        <tr>
          <th scope="row">{t("import.tile.unchanged")}</th>
          <td>{n(p.unchanged)}</td>
        </tr>
        {s.uncertainCount ? (
          <tr>
            <th scope="row">{t("import.counts.uncertain")}</th>
            <td>{n(s.uncertainCount)}</td>
          </tr>
        ) : null}
        <tr>
          <th scope="row">{t("import.counts.pledges")}</th>
          <td>
            {n(s.pledges)}
            {s.pledges
              ? ` (${t("import.counts.pledgeOutcomes", {
                  inserted: n(s.pledgeOutcomes.inserted),
                  updated: n(s.pledgeOutcomes.updated),
                  unchanged: n(s.pledgeOutcomes.unchanged),
                })})`
              : ""}
          </td>
        </tr>
        <tr>
          <th scope="row">{t("import.counts.skipped")}</th>
          <td>
            {n(s.skipped)}
            {s.skippedReasons.map((g) => (
              <div key={g.reason} className="note">
                {n(g.count)} × <span lang="en">{g.reason}</span>
              </div>
            ))}
          </td>
        </tr>
        <tr>
          <th scope="row">{t("import.counts.rejected")}</th>
          <td>{n(s.rejected)}</td>
        </tr>
        <tr>
          <th scope="row">{t("import.counts.reviewsCreated")}</th>
          <td>
            {s.reviewsCreated.length === 0
              ? none
              : s.reviewsCreated
                  .slice(0, 20)
                  .map((r) => reviewName(t, r))
                  .join("; ") +
                (s.reviewsCreated.length > 20
                  ? t("import.counts.andMore", { n: n(s.reviewsCreated.length - 20) })
                  : "")}
          </td>
        </tr>
        <tr>
          <th scope="row">{t("import.counts.statesCreated")}</th>
          <td>
            {s.statesCreated.length === 0
              ? none
              : t("import.counts.statesWithoutCode", {
                  n: n(s.statesCreated.length),
                  names:
                    s.statesCreated
                      .filter((x) => x.iso3 === null)
                      .map((x) => x.name)
                      .join(", ") || none,
                })}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
