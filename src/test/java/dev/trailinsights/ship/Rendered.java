package dev.trailinsights.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/** The objects of a {@code helm template} output, parsed from its YAML documents. */
final class Rendered {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final List<JsonNode> objects;

  private Rendered(List<JsonNode> objects) {
    this.objects = List.copyOf(objects);
  }

  static Rendered parse(String manifest) {
    List<JsonNode> objects = new ArrayList<>();
    try {
      for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifest).readAll()) {
        if (doc != null && doc.isObject() && doc.has("kind")) {
          objects.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Rendered(objects);
  }

  List<JsonNode> all() {
    return objects;
  }

  List<String> kinds() {
    return objects.stream().map(o -> o.path("kind").asText()).sorted().toList();
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  /** The one object of this kind whose name ends with the suffix. */
  JsonNode one(String kind, String nameSuffix) {
    List<JsonNode> found =
        ofKind(kind).stream()
            .filter(o -> o.path("metadata").path("name").asText().endsWith(nameSuffix))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + kind + " named *" + nameSuffix + ", found " + found.size());
    }
    return found.get(0);
  }

  /** The value of an environment variable of a container, or a missing node. */
  static JsonNode env(JsonNode container, String name) {
    return StreamSupport.stream(container.path("env").spliterator(), false)
        .filter(e -> name.equals(e.path("name").asText()))
        .map(e -> e.path("value"))
        .findFirst()
        .orElse(MissingNode.getInstance());
  }

  /** The named entry of a list of objects with a {@code name} field, or a missing node. */
  static JsonNode named(JsonNode list, String name) {
    return StreamSupport.stream(list.spliterator(), false)
        .filter(e -> name.equals(e.path("name").asText()))
        .findFirst()
        .orElse(MissingNode.getInstance());
  }
}
