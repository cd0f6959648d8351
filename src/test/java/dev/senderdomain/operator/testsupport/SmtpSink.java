package dev.senderdomain.operator.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The next hop of the mail servers under test: a minimal SMTP server (RFC 5321: HELO/EHLO, MAIL,
 * RCPT, DATA, RSET, NOOP, QUIT; no extensions, so clients neither pipeline nor try STARTTLS) on
 * 127.0.0.1 and a free port that keeps every message it is given, exactly as it arrived (dot
 * stuffing undone, CRLF line ends), for the test to read with {@link #next}.
 */
public final class SmtpSink implements AutoCloseable {
  private final ServerSocket server;
  private final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
  private final Thread acceptor;

  private SmtpSink(ServerSocket server) {
    this.server = server;
    this.acceptor = new Thread(this::acceptLoop, "smtp-sink-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static SmtpSink start() throws IOException {
    return new SmtpSink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The next message delivered, or null when none arrives within {@code timeout}. */
  public byte[] next(Duration timeout) throws InterruptedException {
    return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> session(s), "smtp-sink-session");
        t.setDaemon(true);
        t.start();
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        // the next accept may work
      }
    }
  }

  private void session(Socket socket) {
    try (socket) {
      socket.setSoTimeout(120_000);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      reply(out, "220 sink.test ESMTP");
      String line;
      while ((line = readLine(in)) != null) {
        String verb = line.length() < 4 ? line : line.substring(0, 4);
        switch (verb.toUpperCase(Locale.ROOT)) {
          case "HELO", "EHLO" -> reply(out, "250 sink.test");
          case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
          case "DATA" -> {
            reply(out, "354 end with <CRLF>.<CRLF>");
            messages.add(readData(in));
            reply(out, "250 OK stored");
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "502 not implemented");
        }
      }
    } catch (IOException e) {
      // the client went away; what arrived complete is kept
    }
  }

  private static byte[] readData(InputStream in) throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    String line;
    while ((line = readLine(in)) != null && !line.equals(".")) {
      // RFC 5321 section 4.5.2: a leading dot was doubled by the sender.
      message.writeBytes(
          (line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.ISO_8859_1));
      message.writeBytes(new byte[] {'\r', '\n'});
    }
    return message.toByteArray();
  }

  /** One line without its CRLF (bytes kept as ISO-8859-1 chars), or null at end of stream. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int len =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
