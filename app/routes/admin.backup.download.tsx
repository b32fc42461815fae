// A resource route (no component): the whole database as a backup file, for admins only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDbHandle } from "~/db.server";
import { fileDownloadBody } from "~/lib/file-download.server";
import { prepareBackupDownload } from "~/models/backup.server";
import { requireAdmin } from "~/http/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const backup = await prepareBackupDownload(await getDbHandle(), { userId: admin.id });
  return new Response(fileDownloadBody(backup.file, backup.cleanup), {
    headers: {
      "Content-Type": "application/gzip",
      "Content-Disposition": `attachment; filename="${backup.fileName}"`,
      "Content-Length": String(backup.bytes),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
