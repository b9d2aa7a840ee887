package dev.trailinsights.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML configuration file into (key, raw text, line) entries, keeping every scalar as the
 * user wrote it ({@code 015} stays {@code 015}, {@code yes} stays {@code yes}) so that the
 * setting's own type decides what is valid.
 */
final class SettingsFile {
  private static final YAMLFactory YAML =
      YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final JsonFactory JSON = new JsonFactory();

  /** One value of the file. */
  record Entry(Setting<?> setting, String raw, int line) {}

  private final Path path;
  private final Map<String, Setting<?>> registry;
  private final List<Entry> entries = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();

  private SettingsFile(Path path, Map<String, Setting<?>> registry) {
    this.path = path;
    this.registry = registry;
  }

  /**
   * @throws ConfigException when the file cannot be read, is not YAML, names an unknown key, gives
   *     a key twice or gives a structure where a scalar belongs
   */
  static List<Entry> read(Path path, Map<String, Setting<?>> registry) {
    SettingsFile f = new SettingsFile(path, registry);
    try (JsonParser p = YamlInput.parser(YAML, YamlInput.read(path, "configuration file"))) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return List.of();
      }
      if (t != JsonToken.START_OBJECT) {
        throw new ConfigException(
            "configuration file "
                + path
                + " must be a map of settings, like 'detection: {min-count: 5}'");
      }
      f.readMap(p, "");
      if (p.nextToken() != null) {
        throw new ConfigException(
            "configuration file " + path + " holds more than one YAML document");
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ConfigException(
          "invalid YAML in "
              + path
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + problem(e));
    } catch (NoSuchFileException e) {
      throw new ConfigException("configuration file not found: " + path);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + path + ": " + e);
    }
    return List.copyOf(f.entries);
  }

  private void readMap(JsonParser p, String prefix) throws IOException {
    int found = entries.size();
    int mapLine = p.currentTokenLocation().getLineNr();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String key = prefix.isEmpty() ? p.currentName() : prefix + "." + p.currentName();
      int line = p.currentTokenLocation().getLineNr();
      JsonToken value = p.nextToken();
      Setting<?> s = registry.get(key);
      if (s == null) {
        if (value == JsonToken.START_OBJECT) {
          readMap(p, key);
          continue;
        }
        throw unknown(key, line);
      }
      if (!seen.add(key)) {
        throw new ConfigException(
            key + " is given twice (" + Settings.Source.file(path, line) + ")");
      }
      entries.add(new Entry(s, rawValue(p, s, value, line), line));
    }
    if (entries.size() == found && !prefix.isEmpty()) {
      // An empty map under an unknown name would otherwise be silently ignored.
      boolean known = registry.keySet().stream().anyMatch(k -> k.startsWith(prefix + "."));
      if (!known) {
        throw unknown(prefix, mapLine);
      }
    }
  }

  private ConfigException unknown(String key, int line) {
    return new ConfigException(
        Settings.unknownKey(key, Settings.Source.file(path, line), registry.keySet()));
  }

  private String rawValue(JsonParser p, Setting<?> s, JsonToken value, int line)
      throws IOException {
    boolean structure = value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY;
    switch (s.shape()) {
      case STRUCTURED:
        return structure ? captureJson(p) : scalar(p, value);
      case LIST:
        if (value == JsonToken.START_ARRAY) {
          return listItems(p, s, line);
        }
        if (value == JsonToken.START_OBJECT) {
          throw new ConfigException(
              Settings.invalid(
                  s,
                  Settings.Source.file(path, line),
                  InvalidValueException.value(captureJson(p), s.allowed())));
        }
        return scalar(p, value);
      default:
        if (structure) {
          throw new ConfigException(
              Settings.invalid(
                  s,
                  Settings.Source.file(path, line),
                  InvalidValueException.value(captureJson(p), s.allowed())));
        }
        return scalar(p, value);
    }
  }

  private String listItems(JsonParser p, Setting<?> s, int line) throws IOException {
    StringBuilder joined = new StringBuilder();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      String item;
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        item = captureJson(p);
      } else {
        item = scalar(p, t);
      }
      if (t == JsonToken.START_OBJECT
          || t == JsonToken.START_ARRAY
          || item.indexOf(',') >= 0
          || item.isBlank()) {
        throw new ConfigException(
            Settings.invalid(
                s,
                Settings.Source.file(path, line),
                InvalidValueException.item(item, s.allowed())));
      }
      if (joined.length() > 0) {
        joined.append(',');
      }
      joined.append(item);
    }
    return joined.toString();
  }

  private static String scalar(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_NULL ? "" : p.getText();
  }

  /** The structure at the current token as JSON, every scalar as the string the user wrote. */
  private static String captureJson(JsonParser p) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      int depth = 0;
      JsonToken t = p.currentToken();
      do {
        switch (t) {
          case START_OBJECT:
            g.writeStartObject();
            depth++;
            break;
          case START_ARRAY:
            g.writeStartArray();
            depth++;
            break;
          case END_OBJECT:
            g.writeEndObject();
            depth--;
            break;
          case END_ARRAY:
            g.writeEndArray();
            depth--;
            break;
          case FIELD_NAME:
            g.writeFieldName(p.currentName());
            break;
          case VALUE_NULL:
            g.writeNull();
            break;
          default:
            g.writeString(p.getText());
        }
        if (depth == 0) {
          break;
        }
        t = p.nextToken();
      } while (t != null);
    }
    return out.toString();
  }

  private static String problem(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null) {
      return m.getProblem();
    }
    String m = e.getOriginalMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
