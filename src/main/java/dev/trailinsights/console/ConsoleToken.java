package dev.trailinsights.console;

import dev.trailinsights.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bearer token of the console and its API ({@code http.auth-token-file} or {@value #ENV}).
 * Compared in constant time; never logged, printed or put in an error message.
 */
public final class ConsoleToken {
  /** Environment variable that may hold the token itself. */
  public static final String ENV = "TRAIL_INSIGHTS_CONSOLE_TOKEN";

  /** Longest token accepted, in bytes. */
  static final int MAX_BYTES = 1024;

  private static final String ALLOWED =
      "16 to " + MAX_BYTES + " printable ASCII characters without spaces";

  private final byte[] token;
  private final String session;

  private ConsoleToken(byte[] token) {
    this.token = token;
    this.session = derive(token);
  }

  /**
   * The token from {@code file} (the value of {@code http.auth-token-file}, empty for none) or from
   * {@value #ENV} in {@code env}; null when neither is given (the console is open).
   *
   * @throws ConfigException in one line naming the key or variable, never the token, when both are
   *     given, the file cannot be read, or the token is not {@value #ALLOWED}
   */
  public static ConsoleToken load(String file, Map<String, String> env) {
    String fromEnv = env == null ? null : env.get(ENV);
    boolean hasFile = file != null && !file.isBlank();
    if (hasFile && fromEnv != null) {
      throw new ConfigException(
          "http.auth-token-file and " + ENV + " are both set: give the console token once");
    }
    if (hasFile) {
      return of(read(Path.of(file.trim())), "http.auth-token-file (" + file.trim() + ")");
    }
    if (fromEnv != null) {
      return of(fromEnv, ENV);
    }
    return null;
  }

  /** The token {@code text} (surrounding white space dropped); {@code where} names its source. */
  static ConsoleToken of(String text, String where) {
    String t = text.strip();
    if (t.length() < 16
        || t.length() > MAX_BYTES
        || !t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ConfigException("invalid console token in " + where + ": expected " + ALLOWED);
    }
    return new ConsoleToken(t.getBytes(StandardCharsets.US_ASCII));
  }

  private static String read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(MAX_BYTES + 64);
      if (b.length > MAX_BYTES + 2) {
        throw new ConfigException(
            "http.auth-token-file (" + file + ") is longer than " + MAX_BYTES + " bytes");
      }
      return new String(b, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      String why =
          e instanceof java.nio.file.NoSuchFileException
              ? "no such file"
              : e instanceof java.nio.file.AccessDeniedException
                  ? "permission denied"
                  : Files.isDirectory(file) ? "is a directory" : "read failed";
      throw new ConfigException("cannot read http.auth-token-file (" + file + "): " + why);
    }
  }

  /** Whether {@code presented} is the token, in time independent of where they differ. */
  boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII), token);
  }

  /** Whether {@code presented} is the session cookie value {@link #session()}, in constant time. */
  boolean matchesSession(String presented) {
    return presented != null
        && MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.US_ASCII),
            session.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The value of the browser's session cookie: HMAC-SHA256 of a fixed label under the token, the
   * same on every instance, so the cookie is not the token itself (it opens the console only).
   */
  String session() {
    return session;
  }

  /** {@code Bearer <token>}, for requests forwarded to another instance. */
  String authorization() {
    return "Bearer " + new String(token, StandardCharsets.US_ASCII);
  }

  private static String derive(byte[] token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token, "HmacSHA256"));
      return HexFormat.of()
          .formatHex(
              mac.doFinal("trail-insights console session 1".getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "ConsoleToken(****)";
  }
}
