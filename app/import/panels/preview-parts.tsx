// The preview's parts on the import page (app/import/panels/import-panels.tsx): the rows as they will
// be stored, the differences from held values, the uncertain matches to decide, and the counts.
import { Link } from "@remix-run/react";
import type { ImportSummary } from "~/import/readers/summary";
import { TableWrap } from "~/components/table-wrap";

const n = (x: number) => x.toLocaleString("en");
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

export function PreviewRows({ summary: s }: { summary: ImportSummary }) {
  const outcome = {
    new: "new",
    changed: "changed",
    merged: "merged into one held",
    unchanged: "unchanged",
    uncertain: "to decide (below)",
  } as const;
  return (
    <TableWrap>
      {(captionId) => (
        <table className="recommendations" data-testid="import-rows">
          <caption id={captionId}>
            The first {s.preview.length === 1 ? "row" : `${s.preview.length} rows`}, as they will be stored
          </caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">State under review</th>
              <th scope="col">Cycle (session)</th>
              <th scope="col">Paragraph</th>
              <th scope="col">Recommending states</th>
              <th scope="col">Recommendation</th>
              <th scope="col">Response</th>
              <th scope="col">Action</th>
              <th scope="col">Themes</th>
              <th scope="col">Issues</th>
              <th scope="col">Will be</th>
            </tr>
          </thead>
          <tbody>
            {s.preview.map((r) => (
              <tr key={r.row}>
                <td>{r.row}</td>
                <td>{r.stateUnderReview}</td>
                <td>
                  {r.cycle} ({r.session})
                </td>
                <td>{r.paragraph ?? "—"}</td>
                <td>{r.kind === "pledge" ? "Voluntary pledge" : r.recommendingStates.join("; ")}</td>
                <td className="text">{r.text}</td>
                <td className={`response response-${r.response}`}>{r.response}</td>
                <td>{r.actionCategory ?? "—"}</td>
                <td>{r.themes.join("; ")}</td>
                <td>{r.issues.join("; ")}</td>
                <td>{outcome[r.outcome]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </TableWrap>
  );
}

const FIELD_NAMES = { response: "Response", actionCategory: "Action category", paragraph: "Paragraph" } as const;

/** Where a row merged into a held recommendation says something else: the held value stays unless the user chooses the file's. */
export function Conflicts({ summary: s, preferFile }: { summary: ImportSummary; preferFile: boolean }) {
  return (
    <>
      <TableWrap>
        {(captionId) => (
          <table data-testid="import-conflicts">
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
                  <td>{c.row}</td>
                  <td>
                    <Link to={`/recommendations/${c.recommendationId}`}>{c.paragraph ?? `#${c.recommendationId}`}</Link>
                  </td>
                  <td>{FIELD_NAMES[c.field]}</td>
                  <td>{c.held}</td>
                  <td>{c.file}</td>
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
export function Uncertain({ summary: s }: { summary: ImportSummary }) {
  return (
    <fieldset data-testid="import-uncertain">
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
