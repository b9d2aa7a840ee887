package dev.trailinsights.integrity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Insights records as {@code replay} writes them, one JSON record per line, and the {@code eventID}
 * of a record (AWS form, or EventBridge-wrapped under {@code detail}).
 */
public final class InsightLines {
  /** Longest line read; a longer one is read as a record without an eventID. */
  public static final int MAX_LINE_BYTES = 1 << 20;

  /** Records one file may hold (bounds memory); more is an error. */
  public static final int MAX_RECORDS = 20_000_000;

  private static final JsonFactory JSON = new JsonFactory();

  private InsightLines() {}

  /**
   * The records of a JSON-lines file, each with the SHA-256 of its bytes without the line end.
   * Empty lines are skipped.
   */
  public static List<Verifier.Insight> read(Path file) throws IOException {
    List<Verifier.Insight> out = new ArrayList<>();
    String source = file.toString();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(2048);
      long lineNo = 0;
      boolean tooLong = false;
      int c;
      while (true) {
        c = in.read();
        if (c == '\n' || c < 0) {
          if (line.size() > 0 || tooLong) {
            lineNo++;
            if (out.size() == MAX_RECORDS) {
              throw new IOException(file + " holds more than " + MAX_RECORDS + " records");
            }
            byte[] bytes = line.toByteArray();
            out.add(
                new Verifier.Insight(
                    source, lineNo, tooLong ? null : eventId(bytes), Keys.sha256Hex(bytes), null));
          } else if (c == '\n') {
            lineNo++;
          }
          line.reset();
          tooLong = false;
          if (c < 0) {
            break;
          }
        } else if (line.size() < MAX_LINE_BYTES) {
          line.write(c);
        } else {
          tooLong = true;
        }
      }
    }
    return out;
  }

  /**
   * The {@code eventID} of an Insights record, at the top level or under {@code detail}; null when
   * the bytes are not such a record.
   */
  public static String eventId(byte[] record) {
    try (JsonParser p = JSON.createParser(record)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String detail = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if ("eventID".equals(name) && v == JsonToken.VALUE_STRING) {
          return p.getText();
        }
        if ("detail".equals(name) && v == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String inner = p.currentName();
            JsonToken iv = p.nextToken();
            if ("eventID".equals(inner) && iv == JsonToken.VALUE_STRING) {
              detail = p.getText();
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      return detail;
    } catch (IOException e) {
      return null;
    }
  }
}
