// The preview's parts on the import page (app/import/panels/import-panels.tsx): the rows as they will
// be stored, the differences from held values, the uncertain matches to decide, and the counts.
import { Link } from "@remix-run/react";
import type { ImportSummary } from "~/import/readers/summary";
import { TableWrap } from "~/components/table-wrap";
import { UN_STATES } from "~/lib/states/un-member-states";

const n = (x: number) => x.toLocaleString("en");
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

const OUTCOMES = {
  new: "new",
  changed: "changed",
  merged: "merged into one held",
  translated: "its text in another language, added",
  unchanged: "unchanged",
  uncertain: "to decide (above)",
} as const;

/**
 * The first rows as they will be stored. The recommendation's text takes the width; the review, paragraph,
 * response and outcome are narrow columns, the rest is written under the text. On a phone each row is a card.
 */
export function PreviewRows({ summary: s }: { summary: ImportSummary }) {
  return (
    <table className="import-rows" data-testid="import-rows">
      <caption>The first {s.preview.length === 1 ? "row" : `${s.preview.length} rows`}, as they will be stored</caption>
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
          <th scope="col">Row</th>
          <th scope="col">Review</th>
          <th scope="col">Para&shy;graph</th>
          <th scope="col">Recommendation</th>
          <th scope="col">Response</th>
          <th scope="col">Will be</th>
        </tr>
      </thead>
      <tbody>
        {s.preview.map((r) => (
          <tr key={r.row}>
            <td data-label="Row">{r.row}</td>
            <td data-label="Review">
              {r.stateUnderReview}, cycle {r.cycle} (session {r.session})
            </td>
            <td data-label="Paragraph">{r.paragraph ?? "—"}</td>
            <td data-label="Recommendation" className="text">
              {r.text}
              <span className="import-row-details">
                {r.kind === "pledge" ? "Voluntary pledge" : `From: ${r.recommendingStates.join("; ") || "—"}`}
                {r.actionCategory ? ` · Action category ${r.actionCategory}` : ""}
                {r.themes.length ? ` · Themes: ${r.themes.join("; ")}` : ""}
                {r.sdgs.length ? ` · SDGs: ${r.sdgs.join("; ")}` : ""}
                {r.affectedPersons.length ? ` · Affected persons: ${r.affectedPersons.join("; ")}` : ""}
                {r.issues.length ? ` · Issues: ${r.issues.join("; ")}` : ""}
              </span>
            </td>
            <td data-label="Response" className={`response response-${r.response}`}>
              {r.response}
            </td>
            <td data-label="Will be">{OUTCOMES[r.outcome]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the import would do, in a sentence and the numbers that decide it: new, merged, changed, unchanged, differing, rejected. */
export function Decision({ summary: s }: { summary: ImportSummary }) {
  const p = s.planned;
  const tiles: [string, number][] = [
    ["New", p.inserted],
    ["Merged into held", p.merged],
    ["Changed", p.updated],
    ["Unchanged", p.unchanged],
    ["Values that differ", s.conflictCount],
    ["To decide", s.uncertainCount],
    ["Rejected rows", s.rejected],
  ];
  const reviews = s.reviewsCreated.map((r) => `${r.state}, cycle ${r.cycle} (session ${r.session})`);
  return (
    <>
      <p className="import-decision-line">
        {s.errorCount > 0
          ? `Nothing can be imported: ${plural(s.rejected, "row")} of ${n(s.rows)} rejected.`
          : `${n(s.rows)} rows read. Importing adds ${plural(p.inserted, "new recommendation")}` +
            (reviews.length
              ? ` in ${reviews.length === 1 ? "a new review" : `${n(reviews.length)} new reviews`}`
              : "") +
            `, merges ${plural(p.merged, "row")} into recommendations already held and changes ${n(p.updated)}; ` +
            `${n(p.unchanged)} unchanged. Nothing is written until you import.`}
        {reviews.length && reviews.length <= 3 ? <> New: {reviews.join("; ")}.</> : null}
      </p>
      <dl className="import-tiles" data-testid="import-tiles">
        {tiles.map(([label, value]) => (
          <div
            key={label}
            className={value > 0 && (label === "Rejected rows" || label === "To decide") ? "attention" : ""}
          >
            <dt>{label}</dt>
            <dd>{n(value)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

const FIELD_NAMES = { response: "Response", actionCategory: "Action category", paragraph: "Paragraph" } as const;

/** Where a row merged into a held recommendation says something else: the held value stays unless the user chooses the file's. */
export function Conflicts({ summary: s, preferFile }: { summary: ImportSummary; preferFile: boolean }) {
  return (
    <>
      <TableWrap>
        {(captionId) => (
          <table className="import-conflicts" data-testid="import-conflicts" id="import-conflicts">
            <caption id={captionId}>
              {plural(s.conflictCount, "value")} in the file {s.conflictCount === 1 ? "differs" : "differ"} from what is
              held (the held value is kept unless you choose the file's)
            </caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Held recommendation</th>
                <th scope="col">What</th>
                <th scope="col">Held</th>
                <th scope="col">In the file</th>
              </tr>
            </thead>
            <tbody>
              {s.conflicts.map((c, i) => (
                <tr key={i}>
                  <td data-label="Row">{c.row}</td>
                  <td data-label="Held recommendation">
                    <Link to={`/recommendations/${c.recommendationId}`}>{c.paragraph ?? `#${c.recommendationId}`}</Link>
                  </td>
                  <td data-label="What">{FIELD_NAMES[c.field]}</td>
                  <td data-label="Held">{c.held}</td>
                  <td data-label="In the file">{c.file}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableWrap>
      <label className="check">
        <input type="checkbox" name="preferFile" value="1" defaultChecked={preferFile} /> Use the file's values where
        they differ
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
  const states = [...UN_STATES].sort((a, b) => a.name.localeCompare(b.name, "en"));
  return (
    <fieldset data-testid="import-unknown-states" id="import-unknown-states">
      <legend>
        {s.unknownStates.length === 1
          ? "One state name in the file matches no state we know: say which state it is."
          : `${s.unknownStates.length} state names in the file match no state we know: say which state each is.`}{" "}
        Nothing is imported until each has an answer.
      </legend>
      {s.unknownStates.map((u, i) => (
        <p key={`${u.field}:${u.name}`}>
          <input type="hidden" name={`stateName.${i}`} value={u.name} />
          <label>
            <strong>“{u.name}”</strong>,{" "}
            {u.field === "stateUnderReview" ? "the state under review" : "a recommending state"} (
            {u.rows === 1 ? `row ${u.firstRow}` : `${u.rows} rows, the first ${u.firstRow}`}) is{" "}
            <select name={`stateChoice.${i}`} defaultValue={answers[u.name] ?? ""}>
              <option value="">choose…</option>
              {u.field === "recommendingStates" ? (
                <option value="none">not a state: hold the rows without it</option>
              ) : null}
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
  return (
    <fieldset data-testid="import-uncertain" id="import-uncertain">
      <legend>
        {plural(s.uncertainCount, "row")} may be {s.uncertainCount === 1 ? "a row" : "rows"} of recommendations already
        held. Say which, or import {s.uncertainCount === 1 ? "it" : "them"} as new; left as they are, they are not
        imported.
      </legend>
      {s.uncertain.map((u) => (
        <div key={u.row} className="uncertain">
          <p>
            <strong>Row {u.row}</strong> ({u.recommendingStates.join(", ")}): {u.text}
          </p>
          <ul className="plain">
            {u.candidates.map((c) => (
              <li key={c.id}>
                <label>
                  <input type="radio" name={`match.${u.row}`} value={String(c.id)} /> The same as{" "}
                  {c.paragraph ?? `#${c.id}`}: {c.text} (similarity {Math.round(c.score * 100)}%)
                </label>
              </li>
            ))}
            <li>
              <label>
                <input type="radio" name={`match.${u.row}`} value="new" /> A new recommendation
              </label>
            </li>
            <li>
              <label>
                <input type="radio" name={`match.${u.row}`} value="skip" defaultChecked /> Leave it out
              </label>
            </li>
          </ul>
        </div>
      ))}
      {s.uncertainCount > s.uncertain.length ? (
        <p className="note">… and {plural(s.uncertainCount - s.uncertain.length, "more row")}.</p>
      ) : null}
    </fieldset>
  );
}

export function Counts({ summary: s }: { summary: ImportSummary }) {
  const p = s.planned;
  return (
    <table className="narrow" data-testid="import-counts">
      <caption>
        {s.committed
          ? "What the import did"
          : s.dryRun
            ? "What the import would do (nothing is written yet)"
            : "What the import would have done (nothing was written)"}
      </caption>
      <tbody>
        <tr>
          <th scope="row">Rows read</th>
          <td>{n(s.rows)}</td>
        </tr>
        <tr>
          <th scope="row">New recommendations</th>
          <td>{n(p.inserted)}</td>
        </tr>
        <tr>
          <th scope="row">Rows merged into recommendations already held</th>
          <td>{n(p.merged)}</td>
        </tr>
        <tr>
          <th scope="row">Changed recommendations (same source)</th>
          <td>{n(p.updated)}</td>
        </tr>
        <tr>
          <th scope="row">Unchanged</th>
          <td>{n(p.unchanged)}</td>
        </tr>
        {s.uncertainCount ? (
          <tr>
            <th scope="row">Uncertain matches, to decide</th>
            <td>{n(s.uncertainCount)}</td>
          </tr>
        ) : null}
        <tr>
          <th scope="row">Voluntary pledges</th>
          <td>
            {n(s.pledges)}
            {s.pledges
              ? ` (${n(s.pledgeOutcomes.inserted)} new, ${n(s.pledgeOutcomes.updated)} changed, ${n(s.pledgeOutcomes.unchanged)} unchanged)`
              : ""}
          </td>
        </tr>
        <tr>
          <th scope="row">Rows skipped</th>
          <td>
            {n(s.skipped)}
            {s.skippedReasons.map((g) => (
              <div key={g.reason} className="note">
                {n(g.count)} × {g.reason}
              </div>
            ))}
          </td>
        </tr>
        <tr>
          <th scope="row">Rows rejected</th>
          <td>{n(s.rejected)}</td>
        </tr>
        <tr>
          <th scope="row">Reviews created</th>
          <td>
            {s.reviewsCreated.length === 0
              ? "none"
              : s.reviewsCreated
                  .slice(0, 20)
                  .map((r) => `${r.state}, cycle ${r.cycle} (session ${r.session})`)
                  .join("; ") + (s.reviewsCreated.length > 20 ? `; and ${n(s.reviewsCreated.length - 20)} more` : "")}
          </td>
        </tr>
        <tr>
          <th scope="row">States created</th>
          <td>
            {s.statesCreated.length === 0
              ? "none"
              : `${n(s.statesCreated.length)}, of which without a known code: ${
                  s.statesCreated
                    .filter((x) => x.iso3 === null)
                    .map((x) => x.name)
                    .join(", ") || "none"
                }`}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
