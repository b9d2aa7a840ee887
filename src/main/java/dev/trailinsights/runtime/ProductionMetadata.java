package dev.trailinsights.runtime;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Bootstrap metadata for the embedded cluster: the newest production metadata version, and each
 * production feature ({@code kraft.version}, {@code transaction.version}, {@code group.version},
 * ...) at its default level for that version.
 *
 * <p>The test kit's default is the newest <em>testing</em> metadata version with testing feature
 * levels, which turns on unfinished protocol changes. The types involved ({@code MetadataVersion},
 * {@code Feature}, {@code BootstrapMetadata}) live in {@code kafka-server-common} and {@code
 * kafka-metadata}, which the test kit brings as runtime dependencies only, so they are reached by
 * reflection here rather than compiled against.
 */
final class ProductionMetadata {
  private static final String METADATA_VERSION = "org.apache.kafka.server.common.MetadataVersion";
  private static final String FEATURE = "org.apache.kafka.server.common.Feature";
  private static final String BOOTSTRAP_METADATA =
      "org.apache.kafka.metadata.bootstrap.BootstrapMetadata";

  private ProductionMetadata() {}

  /** A node builder whose bootstrap metadata is the newest production version. */
  static TestKitNodes.Builder nodesBuilder() {
    try {
      Class<?> versionType = Class.forName(METADATA_VERSION);
      Object version = versionType.getMethod("latestProduction").invoke(null);
      Class<?> featureType = Class.forName(FEATURE);
      List<?> features = (List<?>) featureType.getField("PRODUCTION_FEATURES").get(null);
      Map<String, Short> levels = new TreeMap<>();
      for (Object feature : features) {
        String name = (String) featureType.getMethod("featureName").invoke(feature);
        short level =
            (Short) featureType.getMethod("defaultLevel", versionType).invoke(feature, version);
        levels.put(name, level);
      }
      Class<?> metadataType = Class.forName(BOOTSTRAP_METADATA);
      Object metadata =
          metadataType
              .getMethod("fromVersions", versionType, Map.class, String.class)
              .invoke(null, version, levels, "trail-insights embedded broker");
      return TestKitNodes.Builder.class.getConstructor(metadataType).newInstance(metadata);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "cannot build Kafka bootstrap metadata: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "Kafka server classes do not match the expected 4.x API: " + e, e);
    }
  }
}
