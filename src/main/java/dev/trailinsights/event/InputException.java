package dev.trailinsights.event;

/**
 * A whole input file could not be read: missing, a directory, not readable, or corrupt compression.
 * The message names the file and the reason in one line, e.g. {@code logs/a.json.gz: not a valid
 * gzip file}. Unreadable records inside a readable file are not exceptions: they go to {@link
 * RecordSink#bad(BadRecord)}.
 */
public final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message {@code <path>: <reason>}
   */
  public InputException(String message) {
    super(message);
  }

  /**
   * @param message {@code <path>: <reason>}
   * @param cause the I/O failure behind it
   */
  public InputException(String message, Throwable cause) {
    super(message, cause);
  }

  /** One line saying why a file operation failed, without a stack trace. */
  public static String reason(java.io.IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
