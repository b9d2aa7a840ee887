package dev.trailinsights.forward;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP POST ready to send: where, extra headers and the body. {@link #toString()} never shows
 * the URI, which may be a credential.
 */
public record OutboundRequest(URI uri, Map<String, String> headers, byte[] body) {
  public OutboundRequest {
    headers = Map.copyOf(headers);
  }

  @Override
  public String toString() {
    return "OutboundRequest[" + body.length + " bytes]";
  }
}
