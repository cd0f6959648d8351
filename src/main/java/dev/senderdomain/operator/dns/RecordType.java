package dev.senderdomain.operator.dns;

/** The record types the operator publishes. */
public enum RecordType {
  TXT,
  MX,
  CNAME
}
