package dev.trailinsights.integrity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Digests as files: one file per digest, {@code <chain>-<sequence, 10 digits>.json} in one folder,
 * the digest's bytes as written to the digest topic.
 */
public final class DigestFiles {
  /** Digest files a folder may hold; more stops reading (bounds memory). */
  public static final int MAX_FILES = 1_000_000;

  private DigestFiles() {}

  /** The file name of a digest. */
  public static String fileName(Digest d) {
    return d.chainId().replaceAll("[^A-Za-z0-9._-]", "_")
        + "-"
        + String.format(java.util.Locale.ROOT, "%010d", d.sequence())
        + ".json";
  }

  /** Writes a digest into {@code dir}. */
  public static Path write(Path dir, Digest d) throws IOException {
    Files.createDirectories(dir);
    return Files.write(dir.resolve(fileName(d)), d.toBytes());
  }

  /**
   * Every {@code .json} file of {@code dir}, in name order.
   *
   * @throws IOException when the folder cannot be listed or a file read
   */
  public static List<Verifier.DigestInput> read(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
              .sorted()
              .limit(MAX_FILES + 1L)
              .toList();
    }
    if (files.size() > MAX_FILES) {
      throw new IOException(dir + " holds more than " + MAX_FILES + " digest files");
    }
    List<Verifier.DigestInput> out = new ArrayList<>(files.size());
    for (Path p : files) {
      out.add(new Verifier.DigestInput(p.toString(), 0, Files.readAllBytes(p)));
    }
    return out;
  }
}
