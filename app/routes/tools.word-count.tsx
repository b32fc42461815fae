// Word count of a draft stakeholder submission against the UPR limits, counted as the UN counts
// (footnotes, endnotes and annexes included; the rule: app/lib/word-count.ts). Paste the text or
// upload a .docx or .txt file. Works without JavaScript; needs no account; nothing is stored.
import { metaT } from "~/i18n/i18n";
import { pageMeta } from "~/lib/meta";
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localNumber } from "~/i18n/format";
import { useFormat } from "~/i18n/hooks";
import { readerLanguage, requestT } from "~/http/language.server";
import { z } from "zod";
import { checkLimits, MAX_DRAFT_BYTES, WORD_LIMITS } from "~/lib/word-count";
import { ParseLimitError, runJobOnce } from "~/parsing/pool.server";
import { assertSameOrigin } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("wordCount.title"), t("wordCount.metaDescription"));
};

const MAX_MB = MAX_DRAFT_BYTES / 1024 / 1024;
/** Pasted text: about 30 times the longest limit, enough for any draft. */
const MAX_PASTED_CHARS = 2_000_000;

// The messages are catalogue keys, said in the reader's language by the action.
const FormSchema = z.object({
  text: z.string().max(MAX_PASTED_CHARS, "wordCount.error.textTooLong").default(""),
  footnotes: z.string().max(MAX_PASTED_CHARS, "wordCount.error.footnotesTooLong").default(""),
  file: z.instanceof(File).optional(),
});

type Result = {
  source: "paste" | "docx" | "txt";
  fileName: string | null;
  total: number;
  footnotes: number | null;
  limits: ReturnType<typeof checkLimits>;
};
type ActionData = { result: Result | null; error: string | null };

function refuse(error: string, status = 400) {
  return data<ActionData>({ result: null, error }, { status });
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const t = requestT(request);
  const { lng } = readerLanguage(request);
  const tooLarge = () => t("wordCount.error.fileTooLarge", { max: localNumber(lng, MAX_MB) });
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_DRAFT_BYTES + 64 * 1024) return refuse(tooLarge(), 413);
  let form: FormData;
  try {
    const type = request.headers.get("Content-Type") ?? "";
    form = type.startsWith("multipart/form-data")
      ? await unstable_parseMultipartFormData(
          request,
          unstable_createMemoryUploadHandler({ maxPartSize: MAX_DRAFT_BYTES }),
        )
      : await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return refuse(tooLarge(), 413);
    return refuse(t("wordCount.error.unreadable"));
  }
  const file = form.get("file");
  const parsed = FormSchema.safeParse({
    text: form.get("text") ?? undefined,
    footnotes: form.get("footnotes") ?? undefined,
    file: file instanceof File && (file.size > 0 || file.name) ? file : undefined,
  });
  if (!parsed.success) {
    const message = parsed.error.issues[0]!.message;
    return refuse(
      message === "wordCount.error.textTooLong" || message === "wordCount.error.footnotesTooLong"
        ? t(message, { max: localNumber(lng, MAX_PASTED_CHARS) })
        : t("wordCount.error.unreadable"),
    );
  }
  const { text, footnotes } = parsed.data;

  const upload = parsed.data.file;
  if (!upload && text.trim() === "" && footnotes.trim() === "") return refuse(t("wordCount.error.empty"));
  // Read and counted in a parsing worker (app/parsing): a hostile file cannot hold up other readers.
  let counted;
  try {
    counted = await runJobOnce(
      "count",
      upload
        ? { fileName: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) }
        : { text, footnotes: footnotes.trim() === "" ? null : footnotes },
      { lane: "public" },
    );
  } catch (error) {
    if (error instanceof ParseLimitError) return refuse(error.message, error.kind === "busy" ? 503 : 422);
    throw error;
  }
  if (!counted.ok) return refuse(`${upload?.name ?? t("wordCount.theText")}: ${counted.message}`);
  const { count } = counted;
  return {
    result: { source: counted.source, fileName: upload?.name ?? null, ...count, limits: checkLimits(count.total) },
    error: null,
  } satisfies ActionData;
}

export default function WordCountPage() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const result = actionData?.result ?? null;
  const { t } = useTranslation();
  const f = useFormat();
  const n = f.number;
  return (
    <>
      <h1>{t("wordCount.title")}</h1>
      <p className="lead">{t("wordCount.lead")}</p>

      {actionData?.error ? (
        <p className="error" role="alert" data-testid="word-count-error">
          {actionData.error}
        </p>
      ) : null}

      {result ? (
        <section className="headline" aria-labelledby="count-heading" data-testid="word-count-result">
          <h2 id="count-heading">
            {t("wordCount.words", { count: result.total, number: n(result.total) })}
            {result.fileName ? (
              <>
                {" "}
                {t("wordCount.in")} <span dir="auto">{result.fileName}</span>
              </>
            ) : null}
          </h2>
          <p data-testid="footnote-count">
            {result.footnotes === null
              ? result.source === "txt"
                ? t("wordCount.footnotesPlainText")
                : t("wordCount.footnotesNotPasted")
              : t("wordCount.footnotesCount", { number: n(result.footnotes) })}
          </p>
          <TableWrap>
            {(captionId) => (
              <table className="numbers">
                <caption id={captionId}>{t("wordCount.againstLimits")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("wordCount.document")}</th>
                    <th scope="col">{t("wordCount.limit")}</th>
                    <th scope="col">{t("wordCount.overLimit")}</th>
                    <th scope="col">{t("wordCount.wordsLeft")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.limits.map((l) => (
                    <tr key={l.key} data-limit={l.key}>
                      <th scope="row">{t(`wordCount.limits.${l.key}`)}</th>
                      <td>{n(l.limit)}</td>
                      <td className={l.within ? undefined : "danger"}>
                        {l.within ? "—" : t("wordCount.over", { number: n(l.over) })}
                      </td>
                      <td>{l.within ? n(l.left) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </TableWrap>
        </section>
      ) : null}

      <Form method="post" encType="multipart/form-data" className="stack" aria-label={t("wordCount.formLabel")}>
        <div className="field">
          <label htmlFor="text">{t("wordCount.textLabel")}</label>
          <textarea
            id="text"
            name="text"
            dir="auto"
            rows={12}
            maxLength={MAX_PASTED_CHARS}
            placeholder={t("wordCount.textPlaceholder")}
          />
        </div>
        <div className="field">
          <label htmlFor="footnotes">{t("wordCount.footnotesLabel")}</label>
          <textarea
            id="footnotes"
            name="footnotes"
            dir="auto"
            rows={4}
            maxLength={MAX_PASTED_CHARS}
            aria-describedby="footnotes-help"
          />
          <p id="footnotes-help" className="note">
            {t("wordCount.footnotesHelp")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="file">{t("wordCount.fileLabel", { max: n(MAX_MB) })}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".docx,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
          />
          <p className="note">{t("wordCount.fileHelp")}</p>
        </div>
        <p>
          <button type="submit" disabled={busy}>
            {busy ? t("wordCount.counting") : t("wordCount.count")}
          </button>
        </p>
      </Form>

      <details className="panel">
        <summary>{t("wordCount.howHeading")}</summary>
        <p>{t("wordCount.how")}</p>
        <p>
          {t("wordCount.limitsLine", {
            limits: WORD_LIMITS.map((l) =>
              t("wordCount.limitsItem", { label: t(`wordCount.limitsLower.${l.key}`), number: n(l.limit) }),
            ).join(t("reviews.semicolon")),
          })}
        </p>
      </details>
    </>
  );
}
