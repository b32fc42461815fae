import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { Trans, useTranslation } from "react-i18next";
import { getDbHandle } from "~/db.server";
import { env } from "~/env.server";
import { metaT } from "~/i18n/i18n";
import { useFormat } from "~/i18n/hooks";
import { intlLocale, type Language } from "~/i18n/languages";
import { pageMeta } from "~/lib/meta";
import { defaultBackupDir } from "~/lib/backup-file.server";
import { getBackupOverview } from "~/models/backup.server";
import { requireAdmin } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return pageMeta(t, t("admin.backup.title"));
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const handle = await getDbHandle();
  const e = env();
  const rolling =
    handle.engine === "pglite" && e.BACKUP_KEEP > 0
      ? { dir: defaultBackupDir(e), keep: e.BACKUP_KEEP, intervalHours: e.BACKUP_INTERVAL_HOURS }
      : null;
  return getBackupOverview(handle, rolling);
}

function formatBytes(t: TFunction, lng: Language, n: number): string {
  const one = (x: number) =>
    new Intl.NumberFormat(intlLocale(lng), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
  if (n < 1024) return t("admin.backup.bytes", { count: n });
  if (n < 1024 * 1024) return t("admin.backup.kilobytes", { size: one(n / 1024) });
  return t("admin.backup.megabytes", { size: one(n / 1024 / 1024) });
}

function formatAt(iso: string, t: TFunction): string {
  return t("common.dateTimeUtc", { date: iso.slice(0, 10), time: iso.slice(11, 16) });
}

export default function BackupPage() {
  const overview = useLoaderData<typeof loader>();
  const { tables, totalRows, schemaVersion, engine, rolling } = overview;
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <h1>{t("admin.backup.title")}</h1>
      <p className="lead">{t("admin.backup.lead")}</p>
      <p>
        {/* A plain link: the browser downloads the file (Content-Disposition: attachment). */}
        <a href="/admin/backup/download" download>
          {t("admin.backup.download")}
        </a>{" "}
        <span className="muted">
          {t("admin.backup.rowsSchema", {
            rows: t("admin.backup.rows", { count: totalRows, n: f.number(totalRows) }),
            schema: schemaVersion ?? t("common.none"),
          })}
        </span>
      </p>
      <p className="note">{t("admin.backup.holdsSecrets")}</p>

      <h2>{t("admin.backup.restoring")}</h2>
      <p>
        <Trans
          i18nKey="admin.backup.restoreHow"
          components={[<code key="0" />, <code key="1" />, <code key="2" />, <code key="3" />, <code key="4" />]}
        />
      </p>

      <h2>{t("admin.backup.rollingTitle")}</h2>
      {engine === "pglite" ? (
        rolling ? (
          <>
            <p>
              <Trans
                i18nKey={rolling.intervalHours === 24 ? "admin.backup.rollingDaily" : "admin.backup.rollingHours"}
                values={{ hours: rolling.intervalHours, dir: rolling.dir, keep: rolling.keep }}
                components={[<code key="0" />, <code key="1" />, <code key="2" />]}
              />
            </p>
            {rolling.files.length ? (
              <TableWrap>
                {(captionId) => (
                  <table>
                    <caption id={captionId}>
                      <Trans
                        i18nKey="admin.backup.filesCaption"
                        values={{ dir: rolling.dir }}
                        components={[<code key="0" />]}
                      />
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("admin.backup.file")}</th>
                        <th scope="col">{t("admin.backup.made")}</th>
                        <th scope="col">{t("admin.backup.size")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rolling.files.map((file) => (
                        <tr key={file.name}>
                          <td>
                            <code>{file.name}</code>
                          </td>
                          <td>
                            <time dateTime={file.createdAt}>{formatAt(file.createdAt, t)}</time>
                          </td>
                          <td>{formatBytes(t, f.lng, file.bytes)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </TableWrap>
            ) : (
              <p className="muted">{t("admin.backup.noneYet")}</p>
            )}
          </>
        ) : (
          <p>
            <Trans i18nKey="admin.backup.rollingOff" components={[<code key="0" />]} />
          </p>
        )
      ) : (
        <p>
          <Trans i18nKey="admin.backup.postgres" components={[<code key="0" />, <code key="1" />]} />
        </p>
      )}

      <TableWrap>
        {(captionId) => (
          <table>
            <caption id={captionId}>{t("admin.backup.holdsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.backup.table")}</th>
                <th scope="col">{t("admin.backup.rowsLabel")}</th>
              </tr>
            </thead>
            <tbody>
              {tables.map((table) => (
                <tr key={table.name}>
                  <td>
                    <code>{table.name}</code>
                  </td>
                  <td>{f.number(table.rows)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableWrap>
    </>
  );
}
