import { Trans, useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/hooks";
import { TableWrap } from "./table-wrap";
import { benchmarkRows, type CountsByResponse } from "~/lib/midterm-benchmark";

/** The state's shares at least partially implemented at mid-term, beside UPR Info's study, with the source. */
export function MidtermBenchmark({
  stateName,
  date,
  byResponse,
}: {
  stateName: string;
  date: string;
  byResponse: CountsByResponse;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <TableWrap>
        {(captionId) => (
          <table className="numbers benchmark" data-testid="midterm-benchmark">
            <caption id={captionId}>{t("charts.benchmark.caption", { date: f.date(date), state: stateName })}</caption>
            <thead>
              <tr>
                <td />
                <th scope="col">{stateName}</th>
                <th scope="col">{t("charts.benchmark.study")}</th>
              </tr>
            </thead>
            <tbody>
              {benchmarkRows(byResponse, t, f.lng).map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td>
                    {r.share}{" "}
                    <span className="small">
                      ({t("charts.benchmark.ofCount", { implemented: f.number(r.implemented), of: f.number(r.of) })})
                    </span>
                  </td>
                  <td>{f.percent(r.study / 100)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableWrap>
      <p className="muted small">
        <Trans i18nKey="charts.benchmark.source" components={[<span key="0" lang="en" />]} />
      </p>
    </>
  );
}
