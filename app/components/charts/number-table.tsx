import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { NumberTable } from "~/lib/dashboard-tables";
import { useFormat } from "~/i18n/hooks";
import { TableWrap } from "../table-wrap";

/** The chart's numbers, rendered on the server: readable without JavaScript and by screen readers. */
export function NumberTableView({ table, testId }: { table: NumberTable; testId?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <TableWrap>
      {(captionId) => (
        <table className="numbers" data-testid={testId}>
          <caption id={captionId} className="visually-hidden">
            <CaptionText caption={table.caption} data={table.captionData} />
          </caption>
          <thead>
            <tr>
              {table.header.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={table.header.length}>{t("charts.noData")}</td>
              </tr>
            ) : (
              table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) =>
                    j === 0 ? (
                      <th key={j} scope="row" dir={table.dataRows ? "auto" : undefined}>
                        {table.links?.[i] ? <Link to={table.links[i]!}>{cell}</Link> : cell}
                      </th>
                    ) : (
                      <td key={j}>{typeof cell === "number" ? f.number(cell) : cell}</td>
                    ),
                  )}
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
    </TableWrap>
  );
}

/** A caption with the text people typed in it (an issue's title) marked as such (dir="auto"). */
export function CaptionText({ caption, data }: { caption: string; data?: string }) {
  const at = data ? caption.indexOf(data) : -1;
  if (!data || at < 0) return <>{caption}</>;
  return (
    <>
      {caption.slice(0, at)}
      <span dir="auto">{data}</span>
      {caption.slice(at + data.length)}
    </>
  );
}
