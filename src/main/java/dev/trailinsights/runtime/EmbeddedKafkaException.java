package dev.trailinsights.runtime;

/** The embedded Kafka broker could not start or stop; the message is one line for the user. */
public final class EmbeddedKafkaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EmbeddedKafkaException(String message, Throwable cause) {
    super(message, cause);
  }
}
