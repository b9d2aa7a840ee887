/**
 * Integrity of what trail-insights writes, modelled on CloudTrail's log file integrity validation:
 * signed digests that list the SHA-256 of every Insights record written in an interval, each
 * chained to the previous digest's signature ({@link Digest}, {@link RunningDigest}), the keys that
 * sign and check them ({@link DigestSigner}, {@link PublicKeys}), and the verifier that names every
 * kind of tampering ({@link Verifier}, {@link VerifyReport}). Free of Kafka: the topology, {@code
 * replay} and {@code verify} drive it.
 */
package dev.trailinsights.integrity;
