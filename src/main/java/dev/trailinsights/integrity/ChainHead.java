package dev.trailinsights.integrity;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The state of a chain between digests.
 *
 * @param sequence the sequence number the next digest gets
 * @param intervalStartMillis start of the open interval, epoch milliseconds
 * @param count entries in the open interval
 * @param previousSignature signature of the last digest written (Base64), null before the first
 */
public record ChainHead(
    long sequence, long intervalStartMillis, int count, String previousSignature) {
  private static final byte FORMAT = 1;

  /** Compact bytes for a state store. */
  public byte[] toBytes() {
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(b)) {
      out.writeByte(FORMAT);
      out.writeLong(sequence);
      out.writeLong(intervalStartMillis);
      out.writeInt(count);
      out.writeBoolean(previousSignature != null);
      if (previousSignature != null) {
        out.writeUTF(previousSignature);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  /** Reads {@link #toBytes()}. */
  public static ChainHead fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown chain head format " + format);
      }
      long seq = in.readLong();
      long start = in.readLong();
      int count = in.readInt();
      String prev = in.readBoolean() ? in.readUTF() : null;
      return new ChainHead(seq, start, count, prev);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated chain head", e);
    }
  }

  /** Bytes of an entry for a state store: {@code sha256 eventID}. */
  public static byte[] entryBytes(Digest.Entry e) {
    return (e.sha256() + " " + e.eventId()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Reads {@link #entryBytes}. */
  public static Digest.Entry entry(byte[] bytes) {
    String s = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    int space = s.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("malformed digest entry");
    }
    return new Digest.Entry(s.substring(space + 1), s.substring(0, space));
  }
}
