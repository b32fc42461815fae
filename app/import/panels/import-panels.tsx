// The parts of the import page (/import): the choices, the preview of a file (what it would do, its
// errors, the rows merged into recommendations already held, the uncertain matches to decide, the
// differences from held values), the result, and the spreadsheet round trip.
import { Form, Link, useNavigation } from "@remix-run/react";
import {
  DELIMITER_CHOICES,
  DELIMITER_NAMES,
  ENCODING_CHOICES,
  FORMAT_CHOICES,
  FORMAT_LABELS,
  type Choice,
} from "~/import/readers/options";
import type { RoundTripChange, RoundTripDates, RoundTripProblem } from "~/import/readers/roundtrip";

import type { ImportSummary } from "~/import/readers/summary";
import { Conflicts, Counts, Decision, PreviewRows, Uncertain, UnknownStates } from "./preview-parts";
import { TableWrap } from "~/components/table-wrap";

export interface ImportChoices {
  format: Choice<typeof FORMAT_CHOICES>;
  encoding: Choice<typeof ENCODING_CHOICES>;
  delimiter: Choice<typeof DELIMITER_CHOICES>;
  /** Workbooks: the sheet ("" = found by its header). */
  sheet: string;
  /** Reports and matrices that do not say them. */
  state: string;
  session: string;
  /** Take the file's values where they differ from those held. */
  preferFile: boolean;
  /** Answers for state names that match no state we know: the name as written -> ISO code, or "none". */
  stateNames: Record<string, string>;
}

export const DEFAULT_CHOICES: ImportChoices = {
  format: "auto",
  encoding: "auto",
  delimiter: "auto",
  sheet: "",
  state: "",
  session: "",
  preferFile: false,
  stateNames: {},
};

type Upload = { id: string; fileName: string; size: number };

export type ImportActionResult =
  | { kind: "invalid"; message: string; choices: ImportChoices }
  | { kind: "preview"; upload: Upload; choices: ImportChoices; summary: ImportSummary; refused: boolean }
  | { kind: "imported"; fileName: string; summary: ImportSummary; isAdmin: boolean }
  | {
      kind: "roundtrip";
      upload: Upload;
      choices: ImportChoices;
      changes: RoundTripChange[];
      changeCount: number;
      unchanged: number;
      problems: RoundTripProblem[];
      created: number | null;
      refused: boolean;
      dates: RoundTripDates;
    };

const n = (x: number) => x.toLocaleString("en");
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

function Select<T extends Record<string, string>>({
  name,
  label,
  options,
  value,
}: {
  name: string;
  label: string;
  options: T;
  value: string;
}) {
  return (
    <label>
      {label}{" "}
      <select name={name} defaultValue={value}>
        {Object.entries(options).map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Format, encoding, delimiter; the sheet of a workbook; the state and session a report's text may not say. */
export function Choices({ choices, sheets }: { choices: ImportChoices; sheets?: string[] }) {
  return (
    <>
      <Select name="format" label="Format" options={FORMAT_CHOICES} value={choices.format} />
      <Select name="encoding" label="Encoding (text files)" options={ENCODING_CHOICES} value={choices.encoding} />
      <Select name="delimiter" label="Delimiter (CSV)" options={DELIMITER_CHOICES} value={choices.delimiter} />
      {sheets && sheets.length > 1 ? (
        <Select
          name="sheet"
          label="Sheet"
          options={Object.fromEntries(sheets.map((s) => [s, s]))}
          value={choices.sheet}
        />
      ) : (
        <input type="hidden" name="sheet" value={choices.sheet} />
      )}
      <label>
        State under review (where the document does not say){" "}
        <input name="state" defaultValue={choices.state} placeholder="Kenya or KEN" maxLength={200} />
      </label>
      <label>
        Session{" "}
        <input
          name="session"
          defaultValue={choices.session}
          inputMode="numeric"
          pattern="[0-9]{1,2}"
          placeholder="35"
          size={4}
        />
      </label>
    </>
  );
}

export function Busy() {
  const navigation = useNavigation();
  if (navigation.state !== "submitting") return null;
  const importing = navigation.formData?.get("intent") === "import";
  return (
    <p role="status" className="panel" data-testid="import-busy">
      <progress aria-label={importing ? "Importing" : "Checking the file"} />{" "}
      {importing ? "Importing" : "Reading and checking the file"}: large files take a while (about ten seconds per
      100,000 rows). Keep this page open.
    </p>
  );
}

export function Imported({
  fileName,
  summary: s,
  isAdmin,
}: {
  fileName: string;
  summary: ImportSummary;
  isAdmin: boolean;
}) {
  return (
    <section className="panel" role="status" data-testid="import-done">
      <h2>Imported {fileName}</h2>
      <p className="ok">
        {plural(s.inserted, "recommendation")} added, {plural(s.merged, "row")} merged into recommendations already
        held, {n(s.updated)} updated, {n(s.unchanged)} unchanged
        {s.pledges ? `; ${plural(s.pledges, "voluntary pledge")}` : ""}.
        {s.waitedForAnotherImport ? " Another import was running: this one waited for it to finish." : ""}
      </p>
      {s.importId === null ? <p>Nothing needed to change: everything in the file was held already.</p> : null}
      <Counts summary={s} />
      <p>
        <Link to="/">See the reviews</Link>
        {s.importId !== null ? (
          <>
            {" · "}
            {isAdmin ? (
              <Link to={`/admin/imports#import-${s.importId}`}>Undo this import (import #{s.importId})</Link>
            ) : (
              `Import #${s.importId}: an admin can undo it.`
            )}
          </>
        ) : null}
      </p>
    </section>
  );
}

export function Preview({ result, busy }: { result: Extract<ImportActionResult, { kind: "preview" }>; busy: boolean }) {
  const s = result.summary;
  const d = s.detected;
  const blocked = s.errorCount > 0;
  const p = s.planned;
  const unknownStates = s.unknownStates.length;
  const decide = s.conflictCount > 0 || s.uncertainCount > 0 || unknownStates > 0;
  return (
    <section className="panel import-preview" aria-labelledby="preview-heading" data-testid="import-preview">
      <h2 id="preview-heading">Preview of {result.upload.fileName}</h2>
      {result.refused ? (
        <p className="error" role="alert">
          Nothing was imported: the file has errors.
        </p>
      ) : null}
      <Form method="post" className="import-form" aria-label="Import or read again">
        <input type="hidden" name="uploadId" value={result.upload.id} />
        {/* Enter in a field below previews again (the form's first button is its default), never imports. */}
        <button
          type="submit"
          name="intent"
          value="preview"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
        >
          Preview again
        </button>
        {/* The decision first: what the import would do, and the button. */}
        <div className="import-decision" data-testid="import-decision">
          <Decision summary={s} />
          <p className="actions">
            <button
              type="submit"
              name="intent"
              value="import"
              disabled={busy || blocked}
              aria-describedby={blocked ? "import-blocked" : decide ? "import-decide" : undefined}
            >
              Import ({n(p.inserted)} new, {n(p.merged)} merged, {n(p.updated)} changed)
            </button>
          </p>
          {blocked ? (
            <p id="import-blocked" className="error">
              Fix the errors in the file (or choose another format or encoding below), then upload it again.
            </p>
          ) : decide ? (
            <p id="import-decide" className="note">
              Before importing, see below:{" "}
              {s.conflictCount > 0 ? (
                <a href="#import-conflicts">{plural(s.conflictCount, "value")} that differ</a>
              ) : null}
              {s.conflictCount > 0 && s.uncertainCount > 0 ? " and " : null}
              {s.uncertainCount > 0 ? (
                <a href="#import-uncertain">{plural(s.uncertainCount, "row")} to decide</a>
              ) : null}
              {(s.conflictCount > 0 || s.uncertainCount > 0) && unknownStates > 0 ? " and " : null}
              {unknownStates > 0 ? (
                <a href="#import-unknown-states">{plural(unknownStates, "state name")} to identify</a>
              ) : null}
              .
            </p>
          ) : null}
        </div>

        {s.errorCount > 0 ? (
          <>
            <TableWrap>
              {(captionId) => (
                <table data-testid="import-errors">
                  <caption id={captionId} className="error">
                    {plural(s.errorCount, "error")} in {plural(s.rejected, "row")}: nothing can be imported until they
                    are fixed
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Row</th>
                      <th scope="col">Column</th>
                      <th scope="col">Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.errors.map((e, i) => (
                      <tr key={i}>
                        <td>{e.row ?? "whole file"}</td>
                        <td>{e.column ?? ""}</td>
                        <td>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </TableWrap>
            {s.errorCount > s.errors.length ? (
              <p className="note">… and {plural(s.errorCount - s.errors.length, "more error")}.</p>
            ) : null}
          </>
        ) : null}

        {s.warnings.length > 0 ? (
          <>
            <h3>Warnings</h3>
            <ul data-testid="import-warnings">
              {s.warnings.map((w, i) => (
                <li key={i}>
                  {w.row !== null ? `Row ${w.row}` : "File"}
                  {w.column ? `, column ${w.column}` : ""}: {w.message}
                </li>
              ))}
            </ul>
          </>
        ) : null}

        {s.conflictCount > 0 ? <Conflicts summary={s} preferFile={result.choices.preferFile} /> : null}
        {unknownStates > 0 ? <UnknownStates summary={s} answers={result.choices.stateNames} /> : null}
        {s.uncertainCount > 0 ? <Uncertain summary={s} /> : null}
        {decide && !blocked ? (
          <p className="actions">
            <button type="submit" name="intent" value="import" disabled={busy}>
              Import with these choices
            </button>
          </p>
        ) : null}

        {s.preview.length > 0 ? <PreviewRows summary={s} /> : null}

        <details className="import-reading" open={blocked || !d}>
          <summary>
            How the file was read: {d ? FORMAT_LABELS[d.format] : "format not recognised"}
            {d?.encoding ? `, ${d.encoding}` : ""}
            {d?.delimiter ? `, ${DELIMITER_NAMES[d.delimiter]}` : ""}. Read it differently
          </summary>
          <dl className="facts">
            <dt>Format</dt>
            <dd>{d ? FORMAT_LABELS[d.format] : "not recognised"}</dd>
            {d?.encoding ? (
              <>
                <dt>Encoding</dt>
                <dd>{d.encoding}</dd>
              </>
            ) : null}
            {d?.sheet ? (
              <>
                <dt>Sheet</dt>
                <dd>
                  {d.sheet}
                  {d.sheets.length > 1 ? ` (of ${d.sheets.join(", ")}: choose another below)` : ""}
                </dd>
              </>
            ) : null}
            {d?.delimiter ? (
              <>
                <dt>Delimiter</dt>
                <dd>{DELIMITER_NAMES[d.delimiter]}</dd>
                <dt>Line endings</dt>
                <dd>{d.lineEnding}</dd>
              </>
            ) : null}
            {d?.ignoredColumns.length ? (
              <>
                <dt>Columns not imported</dt>
                <dd>{d.ignoredColumns.join(", ")}</dd>
              </>
            ) : null}
            <dt>Size</dt>
            <dd>{n(Math.ceil(result.upload.size / 1024))} KB</dd>
          </dl>
          <p className="note">Wrong format, sheet or odd characters? Choose them and preview again.</p>
          <div className="filters">
            <Choices choices={result.choices} sheets={d?.sheets} />
          </div>
          <p>
            <button type="submit" name="intent" value="preview" className="link" disabled={busy}>
              Preview again
            </button>
          </p>
        </details>
        <details className="import-all-counts">
          <summary>Every count of the preview</summary>
          <Counts summary={s} />
        </details>
      </Form>
    </section>
  );
}
