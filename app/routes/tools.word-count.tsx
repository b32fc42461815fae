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
import { z } from "zod";
import { checkLimits, MAX_DRAFT_BYTES, WORD_LIMITS } from "~/lib/word-count";
import { ParseLimitError, runJobOnce } from "~/parsing/pool.server";
import { assertSameOrigin } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(
    metaT(matches),
    "Submission word count",
    "Count the words of a UPR stakeholder submission draft against the limits (joint 5,630, individual 2,815).",
  );

const MAX_MB = MAX_DRAFT_BYTES / 1024 / 1024;
/** Pasted text: about 30 times the longest limit, enough for any draft. */
const MAX_PASTED_CHARS = 2_000_000;

const FormSchema = z.object({
  text: z
    .string()
    .max(MAX_PASTED_CHARS, `The pasted text is longer than ${MAX_PASTED_CHARS.toLocaleString("en")} characters.`)
    .default(""),
  footnotes: z
    .string()
    .max(MAX_PASTED_CHARS, `The pasted footnotes are longer than ${MAX_PASTED_CHARS.toLocaleString("en")} characters.`)
    .default(""),
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
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_DRAFT_BYTES + 64 * 1024) return refuse(`The file is larger than ${MAX_MB} MB.`, 413);
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
    if (error instanceof MaxPartSizeExceededError) return refuse(`The file is larger than ${MAX_MB} MB.`, 413);
    return refuse("The form could not be read. Please try again.");
  }
  const file = form.get("file");
  const parsed = FormSchema.safeParse({
    text: form.get("text") ?? undefined,
    footnotes: form.get("footnotes") ?? undefined,
    file: file instanceof File && (file.size > 0 || file.name) ? file : undefined,
  });
  if (!parsed.success) return refuse(parsed.error.issues[0]!.message);
  const { text, footnotes } = parsed.data;

  const upload = parsed.data.file;
  if (!upload && text.trim() === "" && footnotes.trim() === "")
    return refuse("Paste the text of the draft, or choose a file.");
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
  if (!counted.ok) return refuse(`${upload?.name ?? "The text"}: ${counted.message}`);
  const { count } = counted;
  return {
    result: { source: counted.source, fileName: upload?.name ?? null, ...count, limits: checkLimits(count.total) },
    error: null,
  } satisfies ActionData;
}

const n = (x: number) => x.toLocaleString("en");

export default function WordCountPage() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const result = actionData?.result ?? null;
  return (
    <>
      <h1>Submission word count</h1>
      <p className="lead">
        Paste the draft of your stakeholder submission, or upload it, to see its length against the UPR word limits.
        Words are counted as the UN counts them: every word, headings, footnotes, endnotes and annexes included. Nothing
        you paste or upload is stored.
      </p>

      {actionData?.error ? (
        <p className="error" role="alert" data-testid="word-count-error">
          {actionData.error}
        </p>
      ) : null}

      {result ? (
        <section className="headline" aria-labelledby="count-heading" data-testid="word-count-result">
          <h2 id="count-heading">
            {n(result.total)} {result.total === 1 ? "word" : "words"}
            {result.fileName ? ` in ${result.fileName}` : ""}
          </h2>
          <p data-testid="footnote-count">
            {result.footnotes === null
              ? result.source === "txt"
                ? "Footnotes cannot be told apart in a plain-text file: any there are counted with the rest."
                : "No footnotes were pasted separately: any in the text are counted with the rest."
              : `of which in footnotes and endnotes: ${n(result.footnotes)}`}
          </p>
          <TableWrap>
            {(captionId) => (
              <table className="numbers">
                <caption id={captionId}>Against the limits</caption>
                <thead>
                  <tr>
                    <th scope="col">Document</th>
                    <th scope="col">Limit</th>
                    <th scope="col">Over the limit</th>
                    <th scope="col">Words left</th>
                  </tr>
                </thead>
                <tbody>
                  {result.limits.map((l) => (
                    <tr key={l.key} data-limit={l.key}>
                      <th scope="row">{l.label}</th>
                      <td>{n(l.limit)}</td>
                      <td className={l.within ? undefined : "danger"}>{l.within ? "—" : `${n(l.over)} over`}</td>
                      <td>{l.within ? n(l.left) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </TableWrap>
        </section>
      ) : null}

      <Form method="post" encType="multipart/form-data" className="stack" aria-label="Count the words of a draft">
        <div className="field">
          <label htmlFor="text">Text of the draft</label>
          <textarea
            id="text"
            name="text"
            rows={12}
            maxLength={MAX_PASTED_CHARS}
            placeholder="Paste the whole submission here, annexes included."
          />
        </div>
        <div className="field">
          <label htmlFor="footnotes">Footnotes and endnotes (optional)</label>
          <textarea
            id="footnotes"
            name="footnotes"
            rows={4}
            maxLength={MAX_PASTED_CHARS}
            aria-describedby="footnotes-help"
          />
          <p id="footnotes-help" className="note">
            Paste them here to see their share of the count; they are counted either way.
          </p>
        </div>
        <div className="field">
          <label htmlFor="file">Or upload the draft (.docx or .txt, at most {MAX_MB} MB)</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".docx,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
          />
          <p className="note">
            A chosen file is counted instead of the pasted text. In a .docx file, footnotes and endnotes are counted too
            and shown apart.
          </p>
        </div>
        <p>
          <button type="submit" disabled={busy}>
            {busy ? "Counting…" : "Count the words"}
          </button>
        </p>
      </Form>

      <details className="panel">
        <summary>How the words are counted</summary>
        <p>
          A word is anything between spaces or line breaks that holds a letter or a digit, so a number (2,815), a
          hyphenated word (counter-trafficking) or a document symbol (A/HRC/15/8) is one word, and a dash standing alone
          is none. This is how Microsoft Word counts with footnotes and endnotes included; the Secretariat may differ by
          a few words (for example where a symbol stands alone), so keep a small margin.
        </p>
        <p>Limits: {WORD_LIMITS.map((l) => `${l.label.toLowerCase()} ${n(l.limit)} words`).join("; ")}.</p>
      </details>
    </>
  );
}
