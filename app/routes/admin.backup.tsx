import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDbHandle } from "~/db.server";
import { env } from "~/env.server";
import { defaultBackupDir } from "~/lib/backup-file.server";
import { getBackupOverview } from "~/models/backup.server";
import { requireAdmin } from "~/http/session.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "Backup: UPR Monitor" }];

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

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function formatAt(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export default function BackupPage() {
  const overview = useLoaderData<typeof loader>();
  const { tables, totalRows, schemaVersion, engine, rolling } = overview;
  return (
    <>
      <h1>Backup</h1>
      <p className="lead">
        One file with everything in the database: recommendations, links to issues, assessments with their evidence,
        users and the audit log. Keep it somewhere other than this computer. It restores into the embedded database or
        into PostgreSQL, so it is also how you move to a server.
      </p>
      <p>
        {/* A plain link: the browser downloads the file (Content-Disposition: attachment). */}
        <a href="/admin/backup/download" download>
          Download a backup now
        </a>{" "}
        <span className="muted">
          ({totalRows.toLocaleString("en")} rows, schema {schemaVersion ?? "none"})
        </span>
      </p>
      <p className="note">
        The file holds users&rsquo; email addresses and password hashes: keep it as safe as the database itself. Each
        download is recorded in the audit log.
      </p>

      <h2>Restoring</h2>
      <p>
        Stop the server, then run <code>npm run db:restore -- FILE</code> with <code>DATA_DIR</code> (embedded) or{" "}
        <code>DATABASE_URL</code> (PostgreSQL) set as for <code>npm start</code>. The database must be empty;{" "}
        <code>--replace</code> replaces what it holds and first saves it as a backup. A damaged or incomplete file is
        refused and nothing is changed.
      </p>

      <h2>Rolling backups</h2>
      {engine === "pglite" ? (
        rolling ? (
          <>
            <p>
              Every {rolling.intervalHours === 24 ? "day" : `${rolling.intervalHours} hours`} the server writes a backup
              to <code>{rolling.dir}</code> and keeps the newest {rolling.keep} (settings{" "}
              <code>BACKUP_INTERVAL_HOURS</code> and <code>BACKUP_KEEP</code>).
            </p>
            {rolling.files.length ? (
              <TableWrap>
                {(captionId) => (
                  <table>
                    <caption id={captionId}>Backups in {rolling.dir}, newest first</caption>
                    <thead>
                      <tr>
                        <th scope="col">File</th>
                        <th scope="col">Made</th>
                        <th scope="col">Size</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rolling.files.map((f) => (
                        <tr key={f.name}>
                          <td>
                            <code>{f.name}</code>
                          </td>
                          <td>
                            <time dateTime={f.createdAt}>{formatAt(f.createdAt)}</time>
                          </td>
                          <td>{formatBytes(f.bytes)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </TableWrap>
            ) : (
              <p className="muted">None yet: the first is written shortly after the server starts.</p>
            )}
          </>
        ) : (
          <p>
            Rolling backups are turned off (<code>BACKUP_KEEP=0</code>).
          </p>
        )
      ) : (
        <p>
          This app runs on PostgreSQL: back the server up with its own tools (such as <code>pg_dump</code>), and
          download a file here or run <code>npm run db:backup</code> for a copy that any UPR Monitor can restore.
        </p>
      )}

      <TableWrap>
        {(captionId) => (
          <table>
            <caption id={captionId}>What a backup holds now</caption>
            <thead>
              <tr>
                <th scope="col">Table</th>
                <th scope="col">Rows</th>
              </tr>
            </thead>
            <tbody>
              {tables.map((t) => (
                <tr key={t.name}>
                  <td>{t.name}</td>
                  <td>{t.rows.toLocaleString("en")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableWrap>
    </>
  );
}
