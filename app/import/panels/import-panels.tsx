// The parts of the import page (/import): the choices, the preview of a file (what it would do, its
// errors, the rows merged into recommendations already held, the uncertain matches to decide, the
// differences from held values), the result, and the spreadsheet round trip.
import { Form, Link, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/hooks";
import {
  DELIMITER_CHOICES,
  DELIMITER_NAMES,
  ENCODING_CHOICES,
  FORMAT_CHOICES,
  FORMAT_LABELS,
  type Choice,
} from "~/import/readers/options";
import type { ImportFormat } from "~/import/readers/types";
import type { RoundTripChange, RoundTripDates, RoundTripProblem } from "~/import/readers/roundtrip";

import type { ImportSummary } from "~/import/readers/summary";
import { Conflicts, Counts, Decision, PreviewRows, Uncertain, UnknownStates } from "./preview-parts";
import { TableWrap } from "~/components/table-wrap";
import { TEXT_LANGUAGES } from "../readers/text-language";

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
  /** The language of the file's texts ("auto": detected from them; readers/text-language.ts). */
  textLanguage: "auto" | (typeof TEXT_LANGUAGES)[number];
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
  textLanguage: "auto",
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

/** A format's name in the reader's language ("UPR Monitor template (CSV or Excel)"). */
export function formatName(t: TFunction, format: ImportFormat): string {
  return t(`import.format.${format}`);
}

/** A delimiter's name ("comma") in the reader's language; the character itself when it has no name. */
export function delimiterName(t: TFunction, delimiter: string): string {
  const name = DELIMITER_NAMES[delimiter];
  return name ? t(`import.delimiterName.${name as "comma" | "semicolon" | "tab"}`) : delimiter;
}

/** The reading choices' options in the reader's language (the values stay the codes of options.ts). */
function choiceOptions(t: TFunction) {
  const detect = t("import.choice.detect");
  return {
    format: {
      auto: detect,
      ...Object.fromEntries(Object.keys(FORMAT_LABELS).map((f) => [f, formatName(t, f as ImportFormat)])),
    } as Record<keyof typeof FORMAT_CHOICES, string>,
    encoding: {
      auto: detect,
      "utf-8": ENCODING_CHOICES["utf-8"],
      "windows-1252": t("import.choice.windows1252"),
      macintosh: t("import.choice.macintosh"),
    } satisfies Record<keyof typeof ENCODING_CHOICES, string>,
    delimiter: {
      auto: detect,
      comma: t("import.choice.comma"),
      semicolon: t("import.choice.semicolon"),
      tab: t("import.choice.tab"),
    } satisfies Record<keyof typeof DELIMITER_CHOICES, string>,
  };
}

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
  const { t } = useTranslation();
  const options = choiceOptions(t);
  return (
    <>
      <Select name="format" label={t("import.choice.format")} options={options.format} value={choices.format} />
      <Select name="encoding" label={t("import.choice.encoding")} options={options.encoding} value={choices.encoding} />
      <Select
        name="delimiter"
        label={t("import.choice.delimiter")}
        options={options.delimiter}
        value={choices.delimiter}
      />
      {sheets && sheets.length > 1 ? (
        <Select
          name="sheet"
          label={t("import.choice.sheet")}
          options={Object.fromEntries(sheets.map((s) => [s, s]))}
          value={choices.sheet}
        />
      ) : (
        <input type="hidden" name="sheet" value={choices.sheet} />
      )}
      <label>
        {t("import.choice.state")}{" "}
        <input
          name="state"
          defaultValue={choices.state}
          placeholder={t("import.choice.statePlaceholder")}
          maxLength={200}
        />
      </label>
      <label>
        {t("common.session")}{" "}
        <input
          name="session"
          defaultValue={choices.session}
          inputMode="numeric"
          pattern="[0-9]{1,2}"
          placeholder="35"
          size={4}
        />
      </label>
      <Select
        name="textLanguage"
        label={t("import.choice.textLanguage")}
        options={{
          auto: t("import.choice.textLanguageAuto"),
          ...Object.fromEntries(
            TEXT_LANGUAGES.map((code) => [code, t(`common.languageName.${code}` as "common.languageName.en")]),
          ),
        }}
        value={choices.textLanguage}
      />
    </>
  );
}

export function Busy() {
  const navigation = useNavigation();
  const { t } = useTranslation();
  if (navigation.state !== "submitting") return null;
  const importing = navigation.formData?.get("intent") === "import";
  return (
    <p role="status" className="panel" data-testid="import-busy">
      <progress aria-label={importing ? t("import.busy.importing") : t("import.busy.checking")} />{" "}
      {importing ? t("import.busy.importingLong") : t("import.busy.checkingLong")}
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
  const { t } = useTranslation();
  const { number: n } = useFormat();
  return (
    <section className="panel" role="status" data-testid="import-done">
      <h2>
        {t("import.done.heading")}
        <span dir="auto">{fileName}</span>
      </h2>
      <p className="ok">
        {t("import.done.counts", {
          added: t("import.done.recommendationsAdded", { count: s.inserted, n: n(s.inserted) }),
          merged: t("import.done.rowsMerged", { count: s.merged, n: n(s.merged) }),
          updated: n(s.updated),
          unchanged: n(s.unchanged),
        })}
        {s.pledges ? t("import.done.pledges", { count: s.pledges, n: n(s.pledges) }) : ""}.
        {s.waitedForAnotherImport ? t("import.done.waited") : ""}
      </p>
      {s.importId === null ? <p>{t("import.done.nothingToChange")}</p> : null}
      <Counts summary={s} />
      <p>
        <Link to="/">{t("import.done.seeReviews")}</Link>
        {s.importId !== null ? (
          <>
            {" · "}
            {isAdmin ? (
              <Link to={`/admin/imports#import-${s.importId}`}>{t("import.done.undo", { id: s.importId })}</Link>
            ) : (
              t("import.done.adminCanUndo", { id: s.importId })
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
  const { t } = useTranslation();
  const { number: n } = useFormat();
  return (
    <section className="panel import-preview" aria-labelledby="preview-heading" data-testid="import-preview">
      <h2 id="preview-heading">
        {t("import.previewOf")}
        <span dir="auto">{result.upload.fileName}</span>
      </h2>
      {result.refused ? (
        <p className="error" role="alert">
          {t("import.refused")}
        </p>
      ) : null}
      <Form method="post" className="import-form" aria-label={t("import.formLabel")}>
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
          {t("import.previewAgain")}
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
              {t("import.importButton", { inserted: n(p.inserted), merged: n(p.merged), updated: n(p.updated) })}
            </button>
          </p>
          {blocked ? (
            <p id="import-blocked" className="error">
              {t("import.fixErrors")}
            </p>
          ) : decide ? (
            <p id="import-decide" className="note">
              {t("import.beforeImporting")}{" "}
              {s.conflictCount > 0 ? (
                <a href="#import-conflicts">
                  {t("import.valuesDiffer", { count: s.conflictCount, n: n(s.conflictCount) })}
                </a>
              ) : null}
              {s.conflictCount > 0 && s.uncertainCount > 0 ? t("import.and") : null}
              {s.uncertainCount > 0 ? (
                <a href="#import-uncertain">
                  {t("import.rowsToDecide", { count: s.uncertainCount, n: n(s.uncertainCount) })}
                </a>
              ) : null}
              {(s.conflictCount > 0 || s.uncertainCount > 0) && unknownStates > 0 ? t("import.and") : null}
              {unknownStates > 0 ? (
                <a href="#import-unknown-states">
                  {t("import.statesToIdentify", { count: unknownStates, n: n(unknownStates) })}
                </a>
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
                    {t("import.errorsCaption", {
                      errors: t("import.errors", { count: s.errorCount, n: n(s.errorCount) }),
                      rows: t("import.rows", { count: s.rejected, n: n(s.rejected) }),
                    })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("import.row")}</th>
                      <th scope="col">{t("import.column")}</th>
                      <th scope="col">{t("import.problem")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.errors.map((e, i) => (
                      <tr key={i}>
                        <td>{e.row ?? t("import.wholeFile")}</td>
                        <td>{e.column ?? ""}</td>
                        {/* The readers' messages are English this round (issue #29). */}
                        <td lang="en">{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </TableWrap>
            {s.errorCount > s.errors.length ? (
              <p className="note">
                {t("import.moreErrors", {
                  count: s.errorCount - s.errors.length,
                  n: n(s.errorCount - s.errors.length),
                })}
              </p>
            ) : null}
          </>
        ) : null}

        {s.warnings.length > 0 ? (
          <>
            <h3>{t("import.warnings")}</h3>
            <ul data-testid="import-warnings">
              {s.warnings.map((w, i) => (
                <li key={i}>
                  {w.row !== null ? t("import.rowN", { row: w.row }) : t("import.file")}
                  {w.column ? t("import.columnN", { column: w.column }) : ""}
                  {t("report.colon")} <span lang="en">{w.message}</span>
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
              {t("import.importWithChoices")}
            </button>
          </p>
        ) : null}

        {s.preview.length > 0 ? <PreviewRows summary={s} /> : null}

        <details className="import-reading" open={blocked || !d}>
          <summary>
            {t("import.howRead")} {d ? formatName(t, d.format) : t("import.formatNotRecognised")}
            {d?.encoding ? `, ${d.encoding}` : ""}
            {d?.delimiter ? `, ${delimiterName(t, d.delimiter)}` : ""}. {t("import.readDifferently")}
          </summary>
          <dl className="facts">
            <dt>{t("import.choice.format")}</dt>
            <dd>{d ? formatName(t, d.format) : t("import.notRecognised")}</dd>
            {d?.encoding ? (
              <>
                <dt>{t("import.encoding")}</dt>
                <dd>{d.encoding}</dd>
              </>
            ) : null}
            {d?.sheet ? (
              <>
                <dt>{t("import.choice.sheet")}</dt>
                <dd>
                  <span dir="auto">{d.sheet}</span>
                  {d.sheets.length > 1 ? t("import.ofSheets", { sheets: d.sheets.join(", ") }) : ""}
                </dd>
              </>
            ) : null}
            {d?.delimiter ? (
              <>
                <dt>{t("import.delimiter")}</dt>
                <dd>{delimiterName(t, d.delimiter)}</dd>
                <dt>{t("import.lineEndings")}</dt>
                <dd>
                  <code>{d.lineEnding}</code>
                </dd>
              </>
            ) : null}
            {d?.ignoredColumns.length ? (
              <>
                <dt>{t("import.ignoredColumns")}</dt>
                <dd dir="auto">{d.ignoredColumns.join(", ")}</dd>
              </>
            ) : null}
            <dt>{t("import.size")}</dt>
            <dd>{t("import.kilobytes", { n: n(Math.ceil(result.upload.size / 1024)) })}</dd>
          </dl>
          <p className="note">{t("import.wrongFormat")}</p>
          <div className="filters">
            <Choices choices={result.choices} sheets={d?.sheets} />
          </div>
          <p>
            <button type="submit" name="intent" value="preview" className="link" disabled={busy}>
              {t("import.previewAgain")}
            </button>
          </p>
        </details>
        <details className="import-all-counts">
          <summary>{t("import.everyCount")}</summary>
          <Counts summary={s} />
        </details>
      </Form>
    </section>
  );
}
