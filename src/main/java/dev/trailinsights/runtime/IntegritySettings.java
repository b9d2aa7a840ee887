package dev.trailinsights.runtime;

import dev.trailinsights.config.ConfigException;
import dev.trailinsights.config.Setting;
import dev.trailinsights.config.SettingType;
import dev.trailinsights.integrity.DigestCounters;
import dev.trailinsights.integrity.DigestSigner;
import dev.trailinsights.topology.DigestConfig;
import dev.trailinsights.topology.TopologyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The settings of signed digests ({@code docs/integrity.md}): the digest topic, the interval, and
 * the signing key, from a file or (as PEM text) from the environment. Without a key, no digests are
 * written.
 */
public final class IntegritySettings {
  private static final String KEY_FILE_ALLOWED = "a path to a PEM PKCS#8 private key, or empty";

  /** {@code topics.digests}. */
  public static final Setting<String> TOPIC =
      Setting.of(
          "topics.digests",
          RunSettings.TOPIC_NAME,
          DigestConfig.DEFAULT_TOPIC,
          "Topic of the signed digests of the Insights records (keyed by chain), written when a"
              + " signing key is set; created with the output topic's retention.");

  /** {@code integrity.digest-interval}. */
  public static final Setting<Duration> INTERVAL =
      Setting.of(
          "integrity.digest-interval",
          SettingType.duration(Duration.ofSeconds(1), Duration.ofDays(1)),
          "1h",
          "Interval of the signed digests, aligned to the epoch (hourly digests close on the"
              + " hour); an interval without insights still gets its digest.");

  /** {@code integrity.signing-key-file}. */
  public static final Setting<String> KEY_FILE =
      Setting.of(
          "integrity.signing-key-file",
          SettingType.of(SettingType.Shape.SCALAR, KEY_FILE_ALLOWED, String::trim),
          "",
          "PEM PKCS#8 private key (RSA of 2048 bits or more, or Ed25519) that signs the digests."
              + " Empty, and integrity.signing-key-material empty: no digests.");

  /** {@code integrity.signing-key-material}. */
  public static final Setting<String> KEY_MATERIAL =
      Setting.of(
              "integrity.signing-key-material",
              SettingType.of(
                  SettingType.Shape.SCALAR, "PEM text of a PKCS#8 private key, or empty", s -> s),
              "",
              "The signing key as PEM text, for an environment variable from a secret; never"
                  + " logged. Used when integrity.signing-key-file is empty.")
          .asSecret();

  private IntegritySettings() {}

  /** The settings, in documentation order. */
  public static List<Setting<?>> all() {
    return List.of(TOPIC, INTERVAL, KEY_FILE, KEY_MATERIAL);
  }

  /**
   * The digest configuration of loaded settings.
   *
   * @throws ConfigException in one line naming the key: a key file that cannot be read, a key that
   *     is not a PKCS#8 RSA or Ed25519 private key, both a file and material, or a digest topic
   *     that is one of the others
   */
  static DigestConfig digests(RunSettings.Loaded s, TopologyOptions topology) {
    String topic = s.get(TOPIC);
    if (Set.of(
            topology.inputTopic(),
            topology.outputTopic(),
            topology.deadLetterTopic(),
            topology.historyTopic())
        .contains(topic)) {
      throw new ConfigException(
          "topics.digests (" + s.source(TOPIC) + ") must differ from the other topics: " + topic);
    }
    String file = s.get(KEY_FILE);
    String material = s.get(KEY_MATERIAL);
    DigestSigner signer = null;
    if (!file.isEmpty() && !material.isBlank()) {
      throw new ConfigException(
          "integrity.signing-key-file ("
              + s.source(KEY_FILE)
              + ") and integrity.signing-key-material ("
              + s.source(KEY_MATERIAL)
              + ") are both set: set one");
    }
    if (!file.isEmpty()) {
      signer = signer(read(Path.of(file), s), "integrity.signing-key-file (" + file + ")");
    } else if (!material.isBlank()) {
      signer = signer(material, "integrity.signing-key-material (" + s.source(KEY_MATERIAL) + ")");
    }
    return new DigestConfig(topic, s.get(INTERVAL), signer, new DigestCounters());
  }

  private static String read(Path file, RunSettings.Loaded s) {
    try {
      if (Files.size(file) > 64 * 1024) {
        throw new ConfigException(
            "integrity.signing-key-file ("
                + s.source(KEY_FILE)
                + "): "
                + file
                + " is larger than a PEM key (64 KiB)");
      }
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(
          "integrity.signing-key-file ("
              + s.source(KEY_FILE)
              + "): cannot read "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static DigestSigner signer(String pem, String where) {
    try {
      return DigestSigner.fromPem(pem, where);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          e.getMessage()
              + "; expected an RSA (2048 bits or more) or Ed25519 private key in PKCS#8 PEM");
    }
  }
}
