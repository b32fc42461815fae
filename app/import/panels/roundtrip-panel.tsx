// The spreadsheet round trip on the import page: an exported file brought back with new statuses.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/hooks";
import type { ImportActionResult } from "./import-panels";
import { TableWrap } from "~/components/table-wrap";

/** "How does this file write dates?": asked once per file when its dates could be read both ways. */
function DateQuestion({ uploadId, example }: { uploadId: string; example: string }) {
  const [a, b, y] = example.split(/[/.-]/).map(Number) as [number, number, number];
  const iso = (month: number, day: number) => `${y}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Form method="post" encType="multipart/form-data" data-testid="roundtrip-date-question">
      <input type="hidden" name="uploadId" value={uploadId} />
      <input type="hidden" name="intent" value="preview" />
      <fieldset>
        <legend>{t("import.roundtrip.dateQuestion", { example })}</legend>
        <label>
          <input type="radio" name="dateOrder" value="dmy" required />{" "}
          {t("import.roundtrip.dmyIs", { example, date: f.date(iso(b, a)) })}
        </label>
        <br />
        <label>
          <input type="radio" name="dateOrder" value="mdy" />{" "}
          {t("import.roundtrip.mdyIs", { example, date: f.date(iso(a, b)) })}
        </label>
        <p>
          <button type="submit">{t("import.roundtrip.readDates")}</button>
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
  const { t } = useTranslation();
  const f = useFormat();
  const n = f.number;
  if (r.created !== null) {
    return (
      <section aria-labelledby="rt-done" data-testid="roundtrip-done">
        <h2 id="rt-done">
          {t("import.done.heading")}
          <span dir="auto">{r.upload.fileName}</span>
        </h2>
        <p className="ok" role="status">
          {t("import.roundtrip.recorded", {
            created: t("import.roundtrip.newAssessments", { count: r.created, n: n(r.created) }),
            unchanged: t("import.roundtrip.rowsWereUnchanged", { count: r.unchanged, n: n(r.unchanged) }),
          })}
        </p>
      </section>
    );
  }
  const blocked = busy || r.problems.length > 0 || r.changeCount === 0;
  return (
    <section aria-labelledby="rt-heading" data-testid="roundtrip-preview">
      <h2 id="rt-heading">
        {t("import.roundtrip.heading")}
        <span dir="auto">{r.upload.fileName}</span>
      </h2>
      <p>{t("import.roundtrip.explain")}</p>
      <p data-testid="roundtrip-counts">
        <strong>{t("import.roundtrip.newAssessments", { count: r.changeCount, n: n(r.changeCount) })}</strong>,{" "}
        {t("import.roundtrip.unchangedRows", { count: r.unchanged, n: n(r.unchanged) })},{" "}
        {t("import.roundtrip.problems", { count: r.problems.length, n: n(r.problems.length) })}.
        {r.dates.order ? (
          <>
            {" "}
            {t(r.dates.order === "dmy" ? "import.roundtrip.readDmy" : "import.roundtrip.readMdy")}
            {r.dates.settledBy === "file" ? t("import.roundtrip.settledByFile") : t("import.roundtrip.settledByChoice")}
            .
          </>
        ) : null}
      </p>
      {r.problems.length ? (
        <div role="alert">
          <p className="error">
            {r.refused ? t("import.roundtrip.nothingImported") : ""}
            {t("import.roundtrip.fixFirst", { count: r.problems.length })}
          </p>
          <ul data-testid="roundtrip-problems">
            {r.problems.map((p, i) => (
              <li key={i}>
                {p.row !== null ? t("import.rowN", { row: p.row }) : t("import.file")}
                {p.column ? t("import.columnN", { column: p.column }) : ""}
                {t("report.colon")} <span lang="en">{p.message}</span>
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
                {t("import.roundtrip.changes")}
                {r.changeCount > r.changes.length
                  ? t("import.roundtrip.firstOf", { first: r.changes.length, of: n(r.changeCount) })
                  : ""}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("import.row")}</th>
                  <th scope="col">{t("common.paragraph")}</th>
                  <th scope="col">{t("report.now")}</th>
                  <th scope="col">{t("import.tile.new")}</th>
                </tr>
              </thead>
              <tbody>
                {r.changes.map((c) => (
                  <tr key={c.row}>
                    <td>{c.row}</td>
                    <td>{c.paragraph ?? c.id}</td>
                    <td>
                      {t(`common.status.${c.from.status}`)}
                      {c.from.asOf ? ` (${f.date(c.from.asOf)})` : ""}
                    </td>
                    <td>
                      {t(`common.status.${c.to.status}`)}, {t("report.asOf", { date: f.date(c.to.asOf) })}
                      {c.to.asOfRead ? <span className="muted small"> ({c.to.asOfRead})</span> : null}
                      {c.to.evidence ? (
                        <>
                          : <span dir="auto">{c.to.evidence.slice(0, 120)}</span>
                        </>
                      ) : null}
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
            {t("import.roundtrip.record", { count: r.changeCount, n: n(r.changeCount) })}
          </button>
          {blocked && !busy ? (
            <span className="muted small">
              {" "}
              {r.problems.length ? t("import.roundtrip.fixAbove") : t("import.roundtrip.nothingToRecord")}
            </span>
          ) : null}
        </p>
      </Form>
    </section>
  );
}
