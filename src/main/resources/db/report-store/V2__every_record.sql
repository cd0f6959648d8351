-- Every record of a report is kept as the receiver wrote it: one dmarc_record row per <record> (record_no 1..n)
-- with its identifiers and policy_evaluated verdicts, and its DKIM results, SPF results and policy override
-- reasons in their own tables. Reports stored before this version keep their rows, which are per-report sums
-- over (source, disposition, aligned DKIM, aligned SPF, forwarded): detailed = FALSE and record_no = 0 say so.
-- SQL that H2 2.x and PostgreSQL 12+ both accept.

ALTER TABLE dmarc_report ADD COLUMN detailed BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE dmarc_report ADD COLUMN record_count INTEGER;
ALTER TABLE dmarc_report ADD COLUMN skipped_records INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE dmarc_report ADD COLUMN org_email VARCHAR(1000);
ALTER TABLE dmarc_report ADD COLUMN adkim VARCHAR(1);
ALTER TABLE dmarc_report ADD COLUMN aspf VARCHAR(1);
ALTER TABLE dmarc_report ADD COLUMN sp VARCHAR(16);
ALTER TABLE dmarc_report ADD COLUMN np VARCHAR(16);
ALTER TABLE dmarc_report ADD COLUMN testing VARCHAR(1);

ALTER TABLE dmarc_record ADD COLUMN record_no INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE dmarc_record ADD COLUMN dkim_verdict VARCHAR(8);
ALTER TABLE dmarc_record ADD COLUMN spf_verdict VARCHAR(8);
ALTER TABLE dmarc_record ADD COLUMN header_from VARCHAR(255);
ALTER TABLE dmarc_record ADD COLUMN envelope_from VARCHAR(255);
ALTER TABLE dmarc_record ADD COLUMN envelope_to VARCHAR(255);

CREATE TABLE dmarc_dkim_result (
  report_ref BIGINT NOT NULL REFERENCES dmarc_report (id) ON DELETE CASCADE,
  record_no INTEGER NOT NULL,
  seq SMALLINT NOT NULL,
  domain VARCHAR(255),
  selector VARCHAR(255),
  result VARCHAR(16),
  human_result VARCHAR(1000));

CREATE TABLE dmarc_spf_result (
  report_ref BIGINT NOT NULL REFERENCES dmarc_report (id) ON DELETE CASCADE,
  record_no INTEGER NOT NULL,
  seq SMALLINT NOT NULL,
  domain VARCHAR(255),
  scope VARCHAR(8),
  result VARCHAR(16),
  human_result VARCHAR(1000));

CREATE TABLE dmarc_override_reason (
  report_ref BIGINT NOT NULL REFERENCES dmarc_report (id) ON DELETE CASCADE,
  record_no INTEGER NOT NULL,
  seq SMALLINT NOT NULL,
  reason_type VARCHAR(64),
  reason_comment VARCHAR(1000));

-- The dashboard's views: a domain's reports in a window (dmarc_report_domain_end, from V1), retention and
-- Grafana's all-domain time filters (end_epoch), a source's records across reports (source_ip), and a
-- record's results (report_ref, record_no).
CREATE INDEX dmarc_report_end ON dmarc_report (end_epoch);
CREATE INDEX dmarc_record_report_no ON dmarc_record (report_ref, record_no);
CREATE INDEX dmarc_record_source ON dmarc_record (source_ip, report_ref);
CREATE INDEX dmarc_dkim_result_record ON dmarc_dkim_result (report_ref, record_no);
CREATE INDEX dmarc_spf_result_record ON dmarc_spf_result (report_ref, record_no);
CREATE INDEX dmarc_override_reason_record ON dmarc_override_reason (report_ref, record_no);
