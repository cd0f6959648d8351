package dev.senderdomain.operator.report.ingest;

import dev.senderdomain.operator.report.ReportParseException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Where a handled report mail goes: moved, never deleted. MOVE (RFC 6851) when the server has it,
 * else COPY, \Deleted and (when the folder closes) EXPUNGE; folders are created when missing.
 */
final class ImapFiling {
  private ImapFiling() {}

  /**
   * @return true when an EXPUNGE is needed to finish the move
   */
  static boolean move(Folder inbox, Message m, Folder target, boolean canMove)
      throws MessagingException {
    if (canMove) {
      ((IMAPFolder) inbox).moveMessages(new Message[] {m}, target);
      return false;
    }
    inbox.copyMessages(new Message[] {m}, target);
    m.setFlag(Flags.Flag.DELETED, true);
    return true;
  }

  static Folder ensureFolder(Store store, String name) throws MessagingException {
    Folder f = store.getFolder(name);
    if (!f.exists() && !f.create(Folder.HOLDS_MESSAGES)) {
      throw new MessagingException("cannot create IMAP folder " + ReportParseException.quote(name));
    }
    return f;
  }
}
