package dev.trailinsights.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two guards every YAML configuration file passes before its values are read: a size cap
 * applied while reading (a 100 MB scalar or {@code /dev/zero} is refused after {@value #MAX_BYTES}
 * bytes, not parsed), and a parser that refuses YAML aliases ({@code *name}), which the streaming
 * parser would otherwise return as the text of the anchor's name, silently giving a wrong value.
 */
public final class YamlInput {
  /** Largest configuration file read: 1 MiB, far above any real configuration. */
  public static final int MAX_BYTES = 1024 * 1024;

  private YamlInput() {}

  /**
   * The text of {@code file}, read as UTF-8, at most {@link #MAX_BYTES} bytes.
   *
   * @param what how messages name the file, e.g. {@code configuration file}
   * @throws ConfigException one line when the file is larger or is not UTF-8 text
   * @throws IOException when it cannot be read
   */
  public static String read(Path file, String what) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf, 0, Math.min(buf.length, MAX_BYTES + 1 - out.size()))) > 0) {
        out.write(buf, 0, n);
        if (out.size() > MAX_BYTES) {
          throw new ConfigException(
              what + " " + file + " is larger than " + MAX_BYTES / 1024 / 1024 + " MiB: refused");
        }
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(what + " " + file + " is not UTF-8 text");
    }
  }

  /**
   * A parser over {@code text} that fails at the first alias as at a syntax error: a {@link
   * JsonParseException} whose location is the alias.
   */
  public static JsonParser parser(YAMLFactory factory, String text) throws IOException {
    YAMLParser yaml = factory.createParser(text);
    return new JsonParserDelegate(yaml) {
      @Override
      public JsonToken nextToken() throws IOException {
        JsonToken t = super.nextToken();
        if (yaml.isCurrentAlias()) {
          throw new JsonParseException(
              yaml, "YAML alias *" + yaml.getText() + " is not supported: write the value out");
        }
        return t;
      }
    };
  }
}
