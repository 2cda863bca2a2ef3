import type { DriftReport } from "./detect-drift";

/** A drift run for a terminal: one line per drifted pull request, then a summary. */
export function describeDrift(report: DriftReport): string[] {
  if (report.skipped) return [`skipped: ${report.skipped}`];
  const lines = report.drifted.map(
    (finding) =>
      `${finding.repository}#${finding.number}: ` +
      finding.differences
        .map((d) => `${d.field} stored ${String(d.stored)}, GitHub ${String(d.github)}`)
        .join("; "),
  );
  for (const error of report.errors)
    lines.push(`${error.repository}#${error.number}: FAILED ${error.error}`);
  lines.push(
    `${report.checked} pull requests checked, ${report.drifted.length} drifted ` +
      `(${report.queued} events queued to heal them), ${report.errors.length} errors`,
  );
  return lines;
}
