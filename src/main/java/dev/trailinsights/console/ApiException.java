package dev.trailinsights.console;

/**
 * A request the API answers with an error status and a one-line JSON body {@code {"error": ...,
 * "parameter": ...}}; the message never quotes more than the parameter's name.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String parameter;
  final int retryAfterSeconds;

  private ApiException(int status, String message, String parameter, int retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.parameter = parameter;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiException badParameter(String parameter, String message) {
    return new ApiException(400, message, parameter, 0);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message, null, 0);
  }

  /** 503 with a {@code Retry-After} of five seconds. */
  static ApiException unavailable(String message) {
    return new ApiException(503, message, null, 5);
  }
}
