// The spreadsheet round trip on the import page: an exported file brought back with new statuses.
import { Form } from "@remix-run/react";
import { formatDate, STATUS_LABELS } from "~/lib/format";
import type { ImportActionResult } from "./import-panels";
import { TableWrap } from "~/components/table-wrap";

const n = (x: number) => x.toLocaleString("en");
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

/** "How does this file write dates?": asked once per file when its dates could be read both ways. */
function DateQuestion({ uploadId, example }: { uploadId: string; example: string }) {
  const [a, b, y] = example.split(/[/.-]/).map(Number) as [number, number, number];
  const iso = (month: number, day: number) => `${y}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return (
    <Form method="post" encType="multipart/form-data" data-testid="roundtrip-date-question">
      <input type="hidden" name="uploadId" value={uploadId} />
      <input type="hidden" name="intent" value="preview" />
      <fieldset>
        <legend>How does this file write dates? For example {example}:</legend>
        <label>
          <input type="radio" name="dateOrder" value="dmy" required /> day/month/year: {example} is{" "}
          {formatDate(iso(b, a))}
        </label>
        <br />
        <label>
          <input type="radio" name="dateOrder" value="mdy" /> month/day/year: {example} is {formatDate(iso(a, b))}
        </label>
        <p>
          <button type="submit">Read the dates this way</button>
        </p>
      </fieldset>
    </Form>
  );
}

/** An exported file brought back: which rows get a new assessment, and every row that no longer matches. */
export function RoundTrip({
  result: r,
  busy,
}: {
  result: Extract<ImportActionResult, { kind: "roundtrip" }>;
  busy: boolean;
}) {
  if (r.created !== null) {
    return (
      <section aria-labelledby="rt-done" data-testid="roundtrip-done">
        <h2 id="rt-done">Imported {r.upload.fileName}</h2>
        <p className="ok" role="status">
          Recorded {plural(r.created, "new assessment")} for your organisation;{" "}
          {plural(r.unchanged, "row was", "rows were")} unchanged.
        </p>
      </section>
    );
  }
  const blocked = busy || r.problems.length > 0 || r.changeCount === 0;
  return (
    <section aria-labelledby="rt-heading" data-testid="roundtrip-preview">
      <h2 id="rt-heading">Spreadsheet round trip: {r.upload.fileName}</h2>
      <p>
        This is a file exported by UPR Monitor (as CSV or .xlsx, saved by a spreadsheet or not); rows are matched by
        their upr_monitor_id. Rows whose status, as-of date, evidence or source links you changed become new assessments
        for your organisation (dated with the as-of date you typed, or today); other rows are left alone. Statuses may
        be typed as labels (In the process of implementation) or codes (in_progress); dates as 2026-10-01, 01/10/2026 or
        as Excel saves them.
      </p>
      <p data-testid="roundtrip-counts">
        <strong>{plural(r.changeCount, "new assessment")}</strong>, {plural(r.unchanged, "unchanged row")},{" "}
        {plural(r.problems.length, "problem")}.
        {r.dates.order ? (
          <>
            {" "}
            Dates are read as {r.dates.order === "dmy" ? "day/month/year" : "month/day/year"}
            {r.dates.settledBy === "file" ? " (the file has a day over 12)" : " (as you chose)"}.
          </>
        ) : null}
      </p>
      {r.problems.length ? (
        <div role="alert">
          <p className="error">
            {r.refused ? "Nothing was imported. " : ""}Fix {r.problems.length === 1 ? "this" : "these"} first (nothing
            is written while any remain):
          </p>
          <ul data-testid="roundtrip-problems">
            {r.problems.map((p, i) => (
              <li key={i}>
                {p.row !== null ? `Row ${p.row}` : "File"}
                {p.column ? `, column ${p.column}` : ""}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {r.dates.ask && r.dates.example ? <DateQuestion uploadId={r.upload.id} example={r.dates.example} /> : null}
      {r.changes.length ? (
        <TableWrap>
          {(captionId) => (
            <table>
              <caption id={captionId}>
                Changes{r.changeCount > r.changes.length ? ` (first ${r.changes.length} of ${n(r.changeCount)})` : ""}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Paragraph</th>
                  <th scope="col">Now</th>
                  <th scope="col">New</th>
                </tr>
              </thead>
              <tbody>
                {r.changes.map((c) => (
                  <tr key={c.row}>
                    <td>{c.row}</td>
                    <td>{c.paragraph ?? c.id}</td>
                    <td>
                      {STATUS_LABELS[c.from.status]}
                      {c.from.asOf ? ` (${formatDate(c.from.asOf)})` : ""}
                    </td>
                    <td>
                      {STATUS_LABELS[c.to.status]}, as of {formatDate(c.to.asOf)}
                      {c.to.asOfRead ? <span className="muted small"> ({c.to.asOfRead})</span> : null}
                      {c.to.evidence ? `: ${c.to.evidence.slice(0, 120)}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </TableWrap>
      ) : null}
      <Form method="post" encType="multipart/form-data">
        <input type="hidden" name="uploadId" value={r.upload.id} />
        {r.dates.settledBy === "choice" && r.dates.order ? (
          <input type="hidden" name="dateOrder" value={r.dates.order} />
        ) : null}
        <p>
          <button type="submit" name="intent" value="import" disabled={blocked} aria-disabled={blocked || undefined}>
            Record {plural(r.changeCount, "assessment")}
          </button>
          {blocked && !busy ? (
            <span className="muted small">
              {" "}
              {r.problems.length ? "(fix the problems above first)" : "(nothing to record: no row was changed)"}
            </span>
          ) : null}
        </p>
      </Form>
    </section>
  );
}
