/**
 * DMARC aggregate reports (RFC 7489 appendix C, RFC 9990): the model and a parser safe for hostile
 * input.
 *
 * <p>Entry point: {@link
 * dev.senderdomain.operator.report.AggregateReportParser#parse(java.io.InputStream)} returns an
 * {@link dev.senderdomain.operator.report.AggregateReport} or throws a {@link
 * dev.senderdomain.operator.report.ReportParseException} with a one-line reason. The model is made
 * of immutable records: {@link dev.senderdomain.operator.report.ReportMetadata}, {@link
 * dev.senderdomain.operator.report.PolicyPublished} and one {@link
 * dev.senderdomain.operator.report.ReportRecord} per source/verdict combination, with enums for
 * every enumerated value. {@link dev.senderdomain.operator.report.AggregateReport} sums messages,
 * aligned DKIM/SPF passes, DMARC passes, dispositions and distinct sources, which is what storage,
 * the dashboard and the rollout gate need. {@link dev.senderdomain.operator.report.ParserLimits}
 * caps every resource an attacker controls; {@link
 * dev.senderdomain.operator.report.SyntheticReport} generates legal reports of any size for tests
 * and benchmarks. See docs/reports.md.
 */
package dev.senderdomain.operator.report;
