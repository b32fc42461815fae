// Admins load or remove the sample data from the web (the same as `npm run seed:sample [-- --remove]`).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { pageMeta } from "~/lib/meta";
import { requestT } from "~/http/language.server";
import { env } from "~/env.server";
import { todayUtc } from "~/lib/dates";
import { loadSampleData, removeSampleData, sampleCounts } from "~/models/sample-data.server";
import { requireAdmin } from "~/http/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("admin.sample.title"));
};

const SampleForm = z.object({ intent: z.enum(["load", "remove"]) });

const NOTICES = {
  loaded: "admin.sample.loaded",
  removed: "admin.sample.removed",
  "already-there": "admin.sample.alreadyThere",
  "no-recommendations": "admin.sample.noRecommendations",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const done = new URL(request.url).searchParams.get("done");
  return {
    counts: await sampleCounts(await getDb()),
    state: env().DEFAULT_STATE,
    notice: done && Object.hasOwn(NOTICES, done) ? requestT(request)(NOTICES[done as keyof typeof NOTICES]) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const parsed = SampleForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response(requestT(request)("admin.sample.chooseIntent"), { status: 400 });
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
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="narrow">
      <h1>{t("admin.sample.title")}</h1>
      <p className="lead">{t("admin.sample.lead", { state: f.state(state, state) })}</p>
      {notice ? (
        <p className="note" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        {stored
          ? t("admin.sample.storedNow", {
              assessments: t("admin.sample.assessments", { count: counts.assessments }),
              links: t("admin.sample.links", { count: counts.links }),
              asks: t("admin.sample.asks", { count: counts.asks }),
            })
          : t("admin.sample.noneStored")}
      </p>
      <Form method="post">
        {stored ? (
          <button type="submit" name="intent" value="remove">
            {t("admin.sample.remove")}
          </button>
        ) : (
          <button type="submit" name="intent" value="load">
            {t("admin.sample.load")}
          </button>
        )}
      </Form>
      <p className="muted">
        <Trans i18nKey="admin.sample.commandLine" components={[<code key="0" />, <code key="1" />]} />
      </p>
    </section>
  );
}
