// Admins load or remove the sample data from the web (the same as `npm run seed:sample [-- --remove]`).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db.server";
import { env } from "~/env.server";
import { todayUtc } from "~/lib/dates";
import { loadSampleData, removeSampleData, sampleCounts } from "~/models/sample-data.server";
import { requireAdmin } from "~/http/session.server";

export const meta: MetaFunction = () => [{ title: "Sample data: UPR Monitor" }];

const SampleForm = z.object({ intent: z.enum(["load", "remove"]) });

const NOTICES: Record<string, string> = {
  loaded: "Sample data loaded.",
  removed: "Sample data removed; nothing else was touched.",
  "already-there": "Sample data is already there; nothing was added.",
  "no-recommendations": "There are no recommendations with a review date for the default state; nothing was added.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const done = new URL(request.url).searchParams.get("done");
  return {
    counts: await sampleCounts(await getDb()),
    state: env().DEFAULT_STATE,
    notice: done && Object.hasOwn(NOTICES, done) ? NOTICES[done]! : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const parsed = SampleForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Choose load or remove.", { status: 400 });
  const db = await getDb();
  if (parsed.data.intent === "remove") {
    await removeSampleData(db);
    return redirect("/admin/sample?done=removed");
  }
  const r = await loadSampleData(db, env().DEFAULT_STATE, todayUtc());
  return redirect(`/admin/sample?done=${r.ok ? "loaded" : r.reason}`);
}

export default function SampleDataPage() {
  const { counts, state, notice } = useLoaderData<typeof loader>();
  const stored = counts.assessments > 0 || counts.links > 0 || counts.asks > 0;
  return (
    <section className="narrow">
      <h1>Sample data</h1>
      <p className="lead">
        Made-up assessments and issue links for {state}&rsquo;s recommendations, and a made-up submission with asks, to
        see the charts and try the workflow before real assessments exist. While any are stored, every page says so.
      </p>
      {notice ? (
        <p className="note" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        {stored
          ? `Stored now: ${counts.assessments} sample ${counts.assessments === 1 ? "assessment" : "assessments"}, ${counts.links} sample issue ${counts.links === 1 ? "link" : "links"} and a sample submission with ${counts.asks} ${counts.asks === 1 ? "ask" : "asks"}.`
          : "No sample data is stored."}
      </p>
      <Form method="post">
        {stored ? (
          <button type="submit" name="intent" value="remove">
            Remove the sample data
          </button>
        ) : (
          <button type="submit" name="intent" value="load">
            Load sample data
          </button>
        )}
      </Form>
      <p className="muted">
        The same from the command line, also while the server runs: <code>npm run seed:sample</code> and{" "}
        <code>npm run seed:sample -- --remove</code>.
      </p>
    </section>
  );
}
