import { formatDate } from "~/lib/format";
import { TableWrap } from "./table-wrap";
import { BEYOND_PROMISES, benchmarkRows, type CountsByResponse } from "~/lib/midterm-benchmark";

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
  return (
    <>
      <TableWrap>
        {(captionId) => (
          <table className="numbers benchmark" data-testid="midterm-benchmark">
            <caption id={captionId}>
              At mid-term ({formatDate(date)}): {stateName}'s recommendations at least partially implemented, beside UPR
              Info's study of mid-term assessments
            </caption>
            <thead>
              <tr>
                <td />
                <th scope="col">{stateName}</th>
                <th scope="col">UPR Info's study</th>
              </tr>
            </thead>
            <tbody>
              {benchmarkRows(byResponse).map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td>
                    {r.share}{" "}
                    <span className="small">
                      ({r.implemented} of {r.of})
                    </span>
                  </td>
                  <td>{r.study}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableWrap>
      <p className="muted small">Source of the study's shares: {BEYOND_PROMISES.source}.</p>
    </>
  );
}
