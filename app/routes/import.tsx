// Import recommendations from a file or pasted text: upload, preview (a dry run: what was detected, the
// first rows mapped into our fields, what would be new, merged into what is held, changed or
// unchanged, every error by row and column, uncertain matches to decide, values that differ from
// those held), optionally choose another format, encoding or sheet and preview again, then import
// (all or nothing). The uploaded file waits on the server between the steps
// (app/import/uploads.server.ts). A spreadsheet exported by UPR Monitor and brought back becomes
// assessments instead (the round trip). The route authorises, reads the form and renders; the use
// case (app/import/import-file.server.ts) reads the file in a parsing worker and imports it.
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import { iso3Code } from "~/lib/query-params";
import {
  Busy,
  Choices,
  DEFAULT_CHOICES,
  Imported,
  Preview,
  type ImportActionResult,
  type ImportChoices,
} from "~/import/panels/import-panels";
import { RoundTrip } from "~/import/panels/roundtrip-panel";
import { getDb } from "~/db.server";
import { DELIMITER_CHARS, DELIMITER_CHOICES, ENCODING_CHOICES, FORMAT_CHOICES, keysOf } from "~/import/readers/options";
import { TEXT_LANGUAGES } from "~/import/readers/text-language";
import {
  deleteOldUploads,
  deleteUpload,
  getUpload,
  isUploadId,
  MAX_UPLOAD_BYTES,
  readUploadForm,
  saveTextUpload,
  UploadRefused,
} from "~/import/uploads.server";
import { importUpload } from "~/import/import-file.server";
import { requireEditor } from "~/http/session.server";
import { requestT } from "~/http/language.server";
import importStylesHref from "../import.css?url";

export type { ImportActionResult, ImportChoices };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: importStylesHref }];

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("import.title"));
};

/** Problems shown on the page; the summary says how many more there are. */
const SHOWN_ERRORS = 200;
const MAX_MB = Math.round(MAX_UPLOAD_BYTES / 1024 / 1024);

/** Pasted report text: at most this many characters (a report's recommendations are 50-300 KB). */
const MAX_TEXT_CHARS = 2_000_000;

/** An uncertain match answered: `match.<row>` = a recommendation id, "new" or "skip". */
const MATCH_FIELD_RE = /^match\.(\d{1,9})$/;
const MatchAnswer = z.union([z.literal("new"), z.literal("skip"), z.coerce.number().int().positive()]);

const ImportForm = z.object({
  intent: z.enum(["preview", "import"], { message: "Choose Preview or Import." }),
  /** A new upload (the id the upload handler gave the file), or an earlier one (uploadId). */
  file: z.string().refine(isUploadId).optional().catch(undefined),
  uploadId: z.string().refine(isUploadId).optional().catch(undefined),
  /** A Working Group report's recommendations pasted instead of a file. */
  text: z.string().max(MAX_TEXT_CHARS, "The pasted text is too long: import the report's .docx instead.").optional(),
  format: z.enum(keysOf(FORMAT_CHOICES)).catch("auto"),
  encoding: z.enum(keysOf(ENCODING_CHOICES)).catch("auto"),
  delimiter: z.enum(keysOf(DELIMITER_CHOICES)).catch("auto"),
  sheet: z.string().max(200).catch(""),
  state: z.string().trim().max(200).catch(""),
  session: z
    .string()
    .trim()
    .regex(/^(\d{1,2})?$/, "The session is a number such as 35.")
    .catch(""),
  preferFile: z.literal("1").optional().catch(undefined),
  textLanguage: z.enum(["auto", ...TEXT_LANGUAGES]).catch("auto"),
  /** The round trip's answer to "how does this file write dates?" (asked once per file when ambiguous). */
  dateOrder: z.enum(["dmy", "mdy"]).optional().catch(undefined),
});

const STATE_NAME_RE = /^stateName\.(\d{1,3})$/;
const StateAnswer = z.union([z.literal("none"), iso3Code]);

/** The answers for state names that match no state we know: `stateName.N` (the name) and `stateChoice.N`. */
function stateNameAnswers(form: FormData): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    const m = STATE_NAME_RE.exec(key);
    if (!m || typeof value !== "string" || value.length > 200) continue;
    const answer = StateAnswer.safeParse(form.get(`stateChoice.${m[1]}`));
    if (answer.success) answers[value] = answer.data;
  }
  return answers;
}

/** The answers to uncertain matches in the form, by row. */
function uncertainChoices(form: FormData): Map<number, number | "new"> {
  const choices = new Map<number, number | "new">();
  for (const [key, value] of form.entries()) {
    const m = MATCH_FIELD_RE.exec(key);
    const answer = m ? MatchAnswer.safeParse(value) : null;
    if (m && answer?.success && answer.data !== "skip") choices.set(Number(m[1]), answer.data);
  }
  return choices;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEditor(request);
  return { maxMb: MAX_MB };
}

export async function action({ request }: ActionFunctionArgs) {
  // Before reading the body: anonymous visitors and other sites get 403 and nothing is stored.
  const user = await requireEditor(request);
  const t = requestT(request);
  await deleteOldUploads();
  const defaults = DEFAULT_CHOICES;

  let form: FormData;
  try {
    // The whole request is bounded, one file only; a new upload replaces the user's previous one.
    form = await readUploadForm(request, user.id);
  } catch (error) {
    // The rest of a refused request is not read: the connection closes after the answer.
    if (error instanceof UploadRefused)
      return data<ImportActionResult>(
        { kind: "invalid", message: error.message, choices: defaults },
        { status: error.status, headers: { Connection: "close" } },
      );
    return data<ImportActionResult>(
      { kind: "invalid", message: t("import.invalid.unreadable"), choices: defaults },
      400,
    );
  }
  const parsed = ImportForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    // The field the first problem is about says which message: the schema's own words are English.
    const field = parsed.error.issues[0].path[0];
    const message =
      field === "intent"
        ? t("import.invalid.intent")
        : field === "text"
          ? t("import.invalid.textTooLong")
          : field === "session"
            ? t("import.invalid.session")
            : parsed.error.issues[0].message;
    return data<ImportActionResult>({ kind: "invalid", message, choices: defaults }, 400);
  }
  const { intent, file, uploadId, text, preferFile, dateOrder, ...rest } = parsed.data;
  const choices: ImportChoices = { ...rest, preferFile: preferFile === "1", stateNames: stateNameAnswers(form) };

  const pasted = !file && !uploadId && text?.trim() ? await saveTextUpload(text, user.id) : null;
  const id = pasted?.id ?? file ?? uploadId;
  if (!id) return data<ImportActionResult>({ kind: "invalid", message: t("import.invalid.noFile"), choices }, 400);
  const upload = await getUpload(id);
  if (!upload) {
    return data<ImportActionResult>(
      {
        kind: "invalid",
        message: t("import.invalid.uploadGone"),
        choices,
      },
      400,
    );
  }

  const outcome = await importUpload(
    await getDb(),
    { id: user.id, role: user.role, organisationId: user.organisationId },
    upload,
    {
      intent,
      parseOptions: {
        format: choices.format,
        encoding: choices.encoding,
        delimiter: DELIMITER_CHARS[choices.delimiter],
        sheet: choices.sheet || undefined,
        state: choices.state || undefined,
        session: choices.session ? Number(choices.session) : undefined,
      },
      preferFile: choices.preferFile,
      textLanguage: choices.textLanguage === "auto" ? undefined : choices.textLanguage,
      uncertainChoices: uncertainChoices(form),
      stateChoices: new Map(Object.entries(choices.stateNames)),
      dateOrder,
    },
  );
  if (outcome.committed) await deleteUpload(upload.id);
  const shownUpload = { id: upload.id, fileName: upload.fileName, size: upload.size };
  if (outcome.kind === "refused")
    return data<ImportActionResult>({ kind: "invalid", message: outcome.message, choices }, 422);
  if (outcome.kind === "roundtrip") {
    const refused = intent === "import" && !outcome.committed;
    return data<ImportActionResult>(
      {
        kind: "roundtrip",
        upload: shownUpload,
        choices,
        changes: outcome.changes.slice(0, 50),
        changeCount: outcome.changes.length,
        unchanged: outcome.unchanged,
        problems: outcome.problems.slice(0, SHOWN_ERRORS),
        created: outcome.created,
        refused,
        dates: outcome.dates,
      },
      refused ? 422 : 200,
    );
  }
  // What the page shows of a summary: its errors cut to SHOWN_ERRORS (errorCount tells how many there are).
  const { summary } = outcome;
  const shown = { ...summary, errors: summary.errors.slice(0, SHOWN_ERRORS) };
  if (summary.committed)
    return data<ImportActionResult>({
      kind: "imported",
      fileName: upload.fileName,
      summary: shown,
      isAdmin: user.role === "admin",
    });
  const refused = intent === "import"; // asked to import, but rows were rejected: nothing was written
  return data<ImportActionResult>(
    { kind: "preview", upload: shownUpload, choices, summary: shown, refused },
    refused ? 422 : 200,
  );
}

export default function ImportPage() {
  const { maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ImportActionResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { t } = useTranslation();
  const choices = result && result.kind !== "imported" ? result.choices : DEFAULT_CHOICES;
  // A file's preview (or the import's result) comes first, under the title: the decision is on the first
  // screen. The form for a file comes after it then, without the reading choices (the preview has them).
  const shown = result && result.kind !== "invalid" ? result : null;
  // The button pressed may have been far down the page, and the browser keeps it in view as the result appears
  // above it (scroll anchoring): bring the result's start into view, and give it the focus.
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!shown) return;
    resultRef.current?.scrollIntoView({ block: "start" });
    resultRef.current?.focus({ preventScroll: true });
  }, [shown]);
  const uploadForm = (
    <Form method="post" encType="multipart/form-data" className="panel stack" aria-labelledby="upload-heading">
      <h2 id="upload-heading">{shown ? t("import.anotherFile") : t("import.chooseFile")}</h2>
      <div className="field">
        <label htmlFor="import-file">{t("import.fileLabel", { maxMb })}</label>
        <input
          id="import-file"
          type="file"
          name="file"
          accept=".csv,.txt,.tsv,.json,.xls,.xlsx,.docx,text/csv,application/json"
        />
      </div>
      <details>
        <summary>{t("import.pasteSummary")}</summary>
        <div className="field">
          <label htmlFor="import-text">{t("import.pasteLabel")}</label>
          <textarea id="import-text" name="text" rows={10} />
        </div>
      </details>
      {shown ? null : (
        <div className="filters">
          <Choices choices={choices} />
        </div>
      )}
      <input type="hidden" name="intent" value="preview" />
      <p>
        <button type="submit" disabled={busy}>
          {t("import.preview")}
        </button>
      </p>
    </Form>
  );
  return (
    <>
      <h1>{t("import.title")}</h1>
      {shown ? null : <ImportLead />}
      {shown ? null : uploadForm}
      <Busy />

      {result?.kind === "invalid" ? (
        <p className="error" role="alert" data-testid="import-invalid">
          {result.message}
        </p>
      ) : null}
      <div ref={resultRef} tabIndex={-1} className="import-result">
        {result?.kind === "imported" ? (
          <Imported fileName={result.fileName} summary={result.summary} isAdmin={result.isAdmin} />
        ) : null}
        {result?.kind === "preview" ? <Preview result={result} busy={busy} /> : null}
        {result?.kind === "roundtrip" ? <RoundTrip result={result} busy={busy} /> : null}
      </div>
      {shown ? uploadForm : null}
      {shown ? <ImportLead /> : null}
      <p className="note">
        {t("import.whereToFind")} <Link to="/">{t("import.allReviews")}</Link>.
      </p>
    </>
  );
}

/** What the page imports, and its promises. */
function ImportLead() {
  return (
    <p className="lead">
      {/* eslint-disable-next-line jsx-a11y/anchor-has-content -- Trans puts the catalogue's link text in */}
      <Trans i18nKey="import.lead" components={[<a key="0" href="/import/template.csv" download />]} />
    </p>
  );
}
