package dev.trailinsights.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;

/**
 * What the first non-blank line of a file says about its layout: whole JSON values (a JSON-lines
 * file, or a one-line document), the start of a pretty-printed document, or not JSON.
 */
public enum JsonShape {
  /** One or more whole JSON values. */
  COMPLETE,
  /** JSON that goes on past the line: the start of a pretty-printed document. */
  INCOMPLETE,
  /** Not JSON: a bad line of a JSON lines file. */
  INVALID;

  private static final JsonFactory PROBE =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  /** The shape of {@code buf[off, off + len)}, read token by token without building anything. */
  public static JsonShape of(byte[] buf, int off, int len) {
    try (JsonParser p = PROBE.createParser(buf, off, len)) {
      while (p.nextToken() != null) {
        p.skipChildren();
      }
      return COMPLETE;
    } catch (JsonEOFException e) {
      return INCOMPLETE;
    } catch (JsonProcessingException e) {
      return e.getLocation() != null && e.getLocation().getByteOffset() >= len
          ? INCOMPLETE
          : INVALID;
    } catch (IOException e) {
      return INVALID;
    }
  }
}
