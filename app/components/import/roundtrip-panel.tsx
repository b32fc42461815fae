// The spreadsheet round trip on the import page: an exported file brought back with new statuses.
import { Form } from "@remix-run/react";
import type { ImportActionResult } from "./import-panels";

const n = (x: number) => x.toLocaleString("en");

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
          Recorded {n(r.created)} new assessments for your organisation; {n(r.unchanged)} rows were unchanged.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="rt-heading" data-testid="roundtrip-preview">
      <h2 id="rt-heading">Spreadsheet round trip: {r.upload.fileName}</h2>
      <p>
        This is a file exported by UPR Monitor. Rows whose status, as-of date, evidence or source links you changed
        become new assessments for your organisation (dated with the as-of date you typed, or today); other rows are
        left alone.
      </p>
      <p data-testid="roundtrip-counts">
        <strong>{n(r.changeCount)}</strong> new assessments, {n(r.unchanged)} unchanged rows, {n(r.problems.length)}{" "}
        problems.
      </p>
      {r.problems.length ? (
        <div role="alert">
          <p className="error">
            {r.refused ? "Nothing was imported. " : ""}Fix these rows first (nothing is written while any remain):
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
      {r.changes.length ? (
        <div className="table-wrap">
          <table>
            <caption>
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
                    {c.from.status}
                    {c.from.asOf ? ` (${c.from.asOf})` : ""}
                  </td>
                  <td>
                    {c.to.status} ({c.to.asOf}){c.to.evidence ? `: ${c.to.evidence.slice(0, 120)}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data">
        <input type="hidden" name="uploadId" value={r.upload.id} />
        <p>
          <button
            type="submit"
            name="intent"
            value="import"
            disabled={busy || r.problems.length > 0 || r.changeCount === 0}
          >
            Record {n(r.changeCount)} assessments
          </button>
        </p>
      </Form>
    </section>
  );
}
