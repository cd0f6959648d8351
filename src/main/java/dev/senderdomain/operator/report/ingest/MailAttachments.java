package dev.senderdomain.operator.report.ingest;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the report attachments in a mail, whatever its MIME shape: a single-part message whose body
 * is the report, multipart/mixed with the report next to a text part, nested multiparts, and
 * forwarded messages (message/rfc822) holding the report. RFC 7489 7.2.1.1 asks for
 * application/gzip or application/zip, but receivers also send text/xml, application/xml,
 * application/octet-stream and x- variants, so a part is a candidate by content type or by file
 * name (.xml, .gz, .zip); the parser then decides by magic bytes. Bounded: depth and part count are
 * capped so a hostile mail cannot make the walk expensive.
 */
final class MailAttachments {
  static final int MAX_DEPTH = 8;
  static final int MAX_PARTS = 64;
  private static final Set<String> REPORT_TYPES =
      Set.of(
          "application/gzip",
          "application/x-gzip",
          "application/gzip-compressed",
          "application/x-gunzip",
          "application/zip",
          "application/x-zip",
          "application/x-zip-compressed",
          "application/zip-compressed",
          "text/xml",
          "application/xml",
          "application/octet-stream");

  private MailAttachments() {}

  /** The candidate parts in document order. */
  static List<Part> find(Part message) throws MessagingException, IOException {
    List<Part> out = new ArrayList<>();
    int[] budget = {MAX_PARTS};
    walk(message, 0, budget, out);
    return out;
  }

  private static void walk(Part part, int depth, int[] budget, List<Part> out)
      throws MessagingException, IOException {
    if (depth > MAX_DEPTH || budget[0]-- <= 0) {
      return;
    }
    String type = baseType(part);
    if (type.startsWith("multipart/")) {
      Object content = part.getContent();
      if (content instanceof Multipart multipart) {
        for (int i = 0; i < multipart.getCount() && budget[0] > 0; i++) {
          BodyPart child = multipart.getBodyPart(i);
          walk(child, depth + 1, budget, out);
        }
      }
      return;
    }
    if (type.equals("message/rfc822")) {
      try (InputStream raw = part.getInputStream()) {
        walk(new MimeMessage((Session) null, raw), depth + 1, budget, out);
      }
      return;
    }
    if (REPORT_TYPES.contains(type) || reportFileName(part)) {
      out.add(part);
    }
  }

  static String name(Part part) {
    try {
      String name = part.getFileName();
      return name == null ? "(" + baseType(part) + " part)" : name;
    } catch (MessagingException e) {
      return "(unnamed part)";
    }
  }

  private static boolean reportFileName(Part part) throws MessagingException {
    String name;
    try {
      name = part.getFileName();
    } catch (ParseException e) {
      return false;
    }
    if (name == null) {
      return false;
    }
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".xml") || n.endsWith(".gz") || n.endsWith(".zip");
  }

  private static String baseType(Part part) throws MessagingException {
    String raw = part.getContentType();
    if (raw == null) {
      return "text/plain"; // RFC 2045 5.2 default
    }
    try {
      return new ContentType(raw).getBaseType().toLowerCase(Locale.ROOT);
    } catch (ParseException e) {
      return raw.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }
  }
}
