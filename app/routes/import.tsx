// Import recommendations from a file: upload, preview (a dry run: what was detected, the first rows
// mapped into our fields, what would be new, changed or unchanged, every error by row and column),
// optionally choose another format or encoding and preview again, then import (all or nothing).
// The uploaded file waits on the server between the steps (app/lib/import-uploads.server.ts).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db.server";
import { deleteOldUploads, deleteUpload, getUpload, isUploadId, MAX_UPLOAD_BYTES, readUploadForm, UploadRefused } from "~/lib/import-uploads.server";
import { importFile, type ImportSummary } from "~/models/import.server";
import { todayUtc } from "~/lib/assessment-input";
import { parseRoundTrip, type RoundTripProblem } from "~/lib/roundtrip";
import { readRoundTripFile } from "~/lib/roundtrip-file.server";
import { applyRoundTrip, planRoundTrip, type RoundTripChange } from "~/models/roundtrip.server";
import { requireEditor } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Import recommendations: UPR Monitor" }];

/** Problems shown on the page; the summary says how many more there are. */
const SHOWN_ERRORS = 200;
const MAX_MB = Math.round(MAX_UPLOAD_BYTES / 1024 / 1024);

const FORMATS = { auto: "Detect", native: "UPR Monitor template (CSV)", "upr-info": "UPR Info database export (CSV)", uhri: "OHCHR UHRI export (JSON)" } as const;
const ENCODINGS = { auto: "Detect", "utf-8": "UTF-8", "windows-1252": "Windows-1252 (Excel for Windows)", macintosh: "Mac Roman (Excel for Mac)" } as const;
const DELIMITERS = { auto: "Detect", comma: "Comma", semicolon: "Semicolon", tab: "Tab" } as const;
const DELIMITER_CHARS = { auto: "auto", comma: ",", semicolon: ";", tab: "\t" } as const;
const DELIMITER_NAMES: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab" };

type Choice<T extends Record<string, string>> = keyof T & string;
const keysOf = <T extends Record<string, string>>(o: T) => Object.keys(o) as [Choice<T>, ...Choice<T>[]];

const ImportForm = z.object({
  intent: z.enum(["preview", "import"], { message: "Choose Preview or Import." }),
  /** A new upload (the id the upload handler gave the file), or an earlier one (uploadId). */
  file: z.string().refine(isUploadId).optional().catch(undefined),
  uploadId: z.string().refine(isUploadId).optional().catch(undefined),
  format: z.enum(keysOf(FORMATS)).catch("auto"),
  encoding: z.enum(keysOf(ENCODINGS)).catch("auto"),
  delimiter: z.enum(keysOf(DELIMITERS)).catch("auto"),
});

export interface ImportChoices {
  format: Choice<typeof FORMATS>;
  encoding: Choice<typeof ENCODINGS>;
  delimiter: Choice<typeof DELIMITERS>;
}

/** What the page shows of a summary: its errors cut to SHOWN_ERRORS (errorCount tells how many there are). */
type PageSummary = ImportSummary;

export type ImportActionResult =
  | { kind: "invalid"; message: string; choices: ImportChoices }
  | { kind: "preview"; upload: { id: string; fileName: string; size: number }; choices: ImportChoices; summary: PageSummary; refused: boolean }
  | { kind: "imported"; fileName: string; summary: PageSummary }
  | { kind: "roundtrip"; upload: { id: string; fileName: string; size: number }; choices: ImportChoices; changes: RoundTripChange[]; changeCount: number; unchanged: number; problems: RoundTripProblem[]; created: number | null; refused: boolean };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEditor(request);
  return { maxMb: MAX_MB };
}

export async function action({ request }: ActionFunctionArgs) {
  // Before reading the body: anonymous visitors and other sites get 403 and nothing is stored.
  const user = await requireEditor(request);
  await deleteOldUploads();
  const defaults: ImportChoices = { format: "auto", encoding: "auto", delimiter: "auto" };

  let form: FormData;
  try {
    // The whole request is bounded, one file only; a new upload replaces the user's previous one.
    form = await readUploadForm(request, user.id);
  } catch (error) {
    // The rest of a refused request is not read: the connection closes after the answer.
    if (error instanceof UploadRefused) return data<ImportActionResult>({ kind: "invalid", message: error.message, choices: defaults }, { status: error.status, headers: { Connection: "close" } });
    return data<ImportActionResult>({ kind: "invalid", message: "The form could not be read; choose the file again.", choices: defaults }, 400);
  }
  const parsed = ImportForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data<ImportActionResult>({ kind: "invalid", message: parsed.error.issues[0].message, choices: defaults }, 400);
  const { intent, file, uploadId, ...choices } = parsed.data;

  const id = file ?? uploadId;
  if (!id) return data<ImportActionResult>({ kind: "invalid", message: "Choose a file to import.", choices }, 400);
  const upload = await getUpload(id);
  if (!upload) {
    return data<ImportActionResult>({ kind: "invalid", message: "The uploaded file is no longer on the server (files are kept for an hour): choose it again.", choices }, 400);
  }

  // An exported file brought back from a spreadsheet: new statuses and evidence become assessments.
  const roundTripText = await readRoundTripFile(upload.path);
  if (roundTripText !== null) {
    const db = await getDb();
    const { rows, problems: fileProblems } = parseRoundTrip(roundTripText);
    const today = todayUtc();
    const result =
      intent === "import" && fileProblems.length === 0
        ? await applyRoundTrip(db, { id: user.id, role: user.role, organisationId: user.organisationId }, rows, today)
        : { ...(await planRoundTrip(db, rows, today)), created: null };
    const problems = [...fileProblems, ...result.problems];
    const done = result.created !== null && problems.length === 0;
    if (done) await deleteUpload(upload.id);
    const refused = intent === "import" && !done;
    return data<ImportActionResult>(
      {
        kind: "roundtrip",
        upload: { id: upload.id, fileName: upload.fileName, size: upload.size },
        choices,
        changes: result.changes.slice(0, 50),
        changeCount: result.changes.length,
        unchanged: result.unchanged,
        problems: problems.slice(0, SHOWN_ERRORS),
        created: done ? result.created : null,
        refused,
      },
      refused ? 422 : 200,
    );
  }

  const summary = await importFile(
    await getDb(),
    upload.path,
    { format: choices.format, encoding: choices.encoding, delimiter: DELIMITER_CHARS[choices.delimiter] },
    { dryRun: intent === "preview", userId: user.id, fileName: upload.fileName },
  );
  const shown: PageSummary = { ...summary, errors: summary.errors.slice(0, SHOWN_ERRORS) };
  if (summary.committed) {
    await deleteUpload(upload.id);
    return data<ImportActionResult>({ kind: "imported", fileName: upload.fileName, summary: shown });
  }
  const refused = intent === "import"; // asked to import, but rows were rejected: nothing was written
  return data<ImportActionResult>(
    { kind: "preview", upload: { id: upload.id, fileName: upload.fileName, size: upload.size }, choices, summary: shown, refused },
    refused ? 422 : 200,
  );
}

// ---------------------------------------------------------------------------------------------

const n = (x: number) => x.toLocaleString("en");

function Select<T extends Record<string, string>>({ name, label, options, value }: { name: string; label: string; options: T; value: string }) {
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

function Choices({ choices }: { choices: ImportChoices }) {
  return (
    <>
      <Select name="format" label="Format" options={FORMATS} value={choices.format} />
      <Select name="encoding" label="Encoding" options={ENCODINGS} value={choices.encoding} />
      <Select name="delimiter" label="Delimiter" options={DELIMITERS} value={choices.delimiter} />
    </>
  );
}

function Busy() {
  const navigation = useNavigation();
  if (navigation.state !== "submitting") return null;
  const importing = navigation.formData?.get("intent") === "import";
  return (
    <p role="status" className="panel" data-testid="import-busy">
      <progress aria-label={importing ? "Importing" : "Checking the file"} /> {importing ? "Importing" : "Reading and checking the file"}: large files take a
      while (about ten seconds per 100,000 rows). Keep this page open.
    </p>
  );
}

export default function ImportPage() {
  const { maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ImportActionResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const choices = result && result.kind !== "imported" ? result.choices : { format: "auto", encoding: "auto", delimiter: "auto" } as ImportChoices;
  return (
    <>
      <h1>Import recommendations</h1>
      <p className="lead">
        Add recommendations from a file: the UPR Monitor template (CSV, as the export writes it), a UPR Info database export (CSV) or an OHCHR UHRI
        export (JSON). You see what will change before anything is written; the import is all or nothing, and importing the same file again changes
        nothing.
      </p>

      <Form method="post" encType="multipart/form-data" className="panel stack" aria-labelledby="upload-heading">
        <h2 id="upload-heading">{result?.kind === "preview" ? "Another file" : "Choose a file"}</h2>
        <div className="field">
          <label htmlFor="import-file">File (one file, at most {maxMb} MB; it replaces any file you uploaded before)</label>
          <input id="import-file" type="file" name="file" accept=".csv,.txt,.tsv,.json,text/csv,application/json" required />
        </div>
        <div className="filters">
          <Choices choices={choices} />
        </div>
        <input type="hidden" name="intent" value="preview" />
        <p>
          <button type="submit" disabled={busy}>
            Preview
          </button>
        </p>
      </Form>
      <Busy />

      {result?.kind === "invalid" ? (
        <p className="error" role="alert" data-testid="import-invalid">
          {result.message}
        </p>
      ) : null}
      {result?.kind === "imported" ? <Imported fileName={result.fileName} summary={result.summary} /> : null}
      {result?.kind === "preview" ? <Preview result={result} busy={busy} /> : null}
      {result?.kind === "roundtrip" ? <RoundTrip result={result} busy={busy} /> : null}
    </>
  );
}

function Imported({ fileName, summary: s }: { fileName: string; summary: PageSummary }) {
  return (
    <section className="panel" role="status" data-testid="import-done">
      <h2>Imported {fileName}</h2>
      <p className="ok">
        {n(s.inserted)} recommendations added, {n(s.updated)} updated, {n(s.unchanged)} unchanged
        {s.pledges ? `; ${n(s.pledges)} voluntary pledges` : ""}.
      </p>
      <Counts summary={s} />
      <p>
        <Link to="/">See the reviews</Link>
      </p>
    </section>
  );
}

function Preview({ result, busy }: { result: Extract<ImportActionResult, { kind: "preview" }>; busy: boolean }) {
  const s = result.summary;
  const d = s.detected;
  const blocked = s.errorCount > 0;
  return (
    <section className="panel" aria-labelledby="preview-heading" data-testid="import-preview">
      <h2 id="preview-heading">Preview of {result.upload.fileName}</h2>
      {result.refused ? (
        <p className="error" role="alert">
          Nothing was imported: the file has errors.
        </p>
      ) : null}
      <dl className="facts">
        <dt>Format</dt>
        <dd>{d ? FORMATS[d.format] : "not recognised"}</dd>
        <dt>Encoding</dt>
        <dd>{d ? d.encoding : "not known"}</dd>
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
      <Counts summary={s} />

      {s.errorCount > 0 ? (
        <div className="table-wrap">
          <table data-testid="import-errors">
            <caption className="error">
              {s.errorCount === 1 ? "1 error" : `${n(s.errorCount)} errors`} in {s.rejected === 1 ? "1 row" : `${n(s.rejected)} rows`}: nothing can be
              imported until they are fixed
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
          {s.errorCount > s.errors.length ? <p className="note">… and {n(s.errorCount - s.errors.length)} more errors.</p> : null}
        </div>
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

      {s.preview.length > 0 ? (
        <div className="table-wrap">
          <table className="recommendations" data-testid="import-rows">
            <caption>The first {s.preview.length === 1 ? "row" : `${s.preview.length} rows`}, as they will be stored</caption>
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
                  <td>{r.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <Form method="post" className="stack" aria-label="Import or read again">
        <input type="hidden" name="uploadId" value={result.upload.id} />
        <p className="note">Wrong format or odd characters? Choose the format or encoding and preview again.</p>
        <div className="filters">
          <Choices choices={result.choices} />
        </div>
        <p className="actions">
          <button type="submit" name="intent" value="preview" className="link" disabled={busy}>
            Preview again
          </button>
          <button type="submit" name="intent" value="import" disabled={busy || blocked} aria-describedby={blocked ? "import-blocked" : undefined}>
            Import ({n(s.inserted)} new, {n(s.updated)} changed)
          </button>
        </p>
        {blocked ? (
          <p id="import-blocked" className="error">
            Fix the errors in the file (or choose another format or encoding), then upload it again.
          </p>
        ) : null}
      </Form>
    </section>
  );
}

function Counts({ summary: s }: { summary: PageSummary }) {
  return (
    <>
      <table className="narrow" data-testid="import-counts">
        <caption>{s.dryRun ? "What the import would do" : "What the import did"}</caption>
        <tbody>
          <tr>
            <th scope="row">Rows read</th>
            <td>{n(s.rows)}</td>
          </tr>
          <tr>
            <th scope="row">New recommendations</th>
            <td>{n(s.inserted)}</td>
          </tr>
          <tr>
            <th scope="row">Changed recommendations</th>
            <td>{n(s.updated)}</td>
          </tr>
          <tr>
            <th scope="row">Unchanged recommendations</th>
            <td>{n(s.unchanged)}</td>
          </tr>
          <tr>
            <th scope="row">Voluntary pledges</th>
            <td>
              {n(s.pledges)}
              {s.pledges ? ` (${n(s.pledgeOutcomes.inserted)} new, ${n(s.pledgeOutcomes.updated)} changed, ${n(s.pledgeOutcomes.unchanged)} unchanged)` : ""}
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
                : `${n(s.statesCreated.length)}, of which without a known code: ${s.statesCreated.filter((x) => x.iso3 === null).map((x) => x.name).join(", ") || "none"}`}
            </td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

/** An exported file brought back: which rows get a new assessment, and every row that no longer matches. */
function RoundTrip({ result: r, busy }: { result: Extract<ImportActionResult, { kind: "roundtrip" }>; busy: boolean }) {
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
        This is a file exported by UPR Monitor. Rows whose status, as-of date, evidence or source links you changed become new assessments
        for your organisation (dated with the as-of date you typed, or today); other rows are left alone.
      </p>
      <p data-testid="roundtrip-counts">
        <strong>{n(r.changeCount)}</strong> new assessments, {n(r.unchanged)} unchanged rows, {n(r.problems.length)} problems.
      </p>
      {r.problems.length ? (
        <div role="alert">
          <p className="error">{r.refused ? "Nothing was imported. " : ""}Fix these rows first (nothing is written while any remain):</p>
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
            <caption>Changes{r.changeCount > r.changes.length ? ` (first ${r.changes.length} of ${n(r.changeCount)})` : ""}</caption>
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
          <button type="submit" name="intent" value="import" disabled={busy || r.problems.length > 0 || r.changeCount === 0}>
            Record {n(r.changeCount)} assessments
          </button>
        </p>
      </Form>
    </section>
  );
}
