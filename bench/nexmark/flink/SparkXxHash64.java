package spate.bench;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Spark SQL's xxhash64(col, ...) for Flink, bit for bit, so that the Nexmark harness
 * checksums Flink's rows exactly as it checksums Spark's and spate's: seed 42, each
 * non-null column hashed with the previous hash as seed, ints as 4 bytes, longs and
 * timestamps (in microseconds) as 8, strings as their UTF-8 bytes, decimals of
 * precision up to 18 by their unscaled long.
 */
public class SparkXxHash64 extends ScalarFunction {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  public long eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object... values) {
    long hash = 42;
    for (Object v : values) {
      if (v != null) {
        hash = hashValue(v, hash);
      }
    }
    return hash;
  }

  private static long hashValue(Object v, long seed) {
    if (v instanceof Long) {
      return hashLong((Long) v, seed);
    } else if (v instanceof Integer) {
      return hashInt((Integer) v, seed);
    } else if (v instanceof Short) {
      return hashInt((Short) v, seed);
    } else if (v instanceof Byte) {
      return hashInt((Byte) v, seed);
    } else if (v instanceof Boolean) {
      return hashInt((Boolean) v ? 1 : 0, seed);
    } else if (v instanceof String) {
      byte[] bytes = ((String) v).getBytes(StandardCharsets.UTF_8);
      return hashBytes(bytes, seed);
    } else if (v instanceof Double) {
      double d = (Double) v;
      return hashLong(Double.doubleToLongBits(d == -0.0d ? 0.0d : d), seed);
    } else if (v instanceof Float) {
      float f = (Float) v;
      return hashInt(Float.floatToIntBits(f == -0.0f ? 0.0f : f), seed);
    } else if (v instanceof LocalDateTime) {
      return hashLong(micros(((LocalDateTime) v).toInstant(ZoneOffset.UTC)), seed);
    } else if (v instanceof Instant) {
      return hashLong(micros((Instant) v), seed);
    } else if (v instanceof LocalDate) {
      return hashInt((int) ((LocalDate) v).toEpochDay(), seed);
    } else if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      if (d.precision() <= 18) {
        return hashLong(d.unscaledValue().longValueExact(), seed);
      }
      return hashBytes(d.unscaledValue().toByteArray(), seed);
    }
    throw new IllegalArgumentException("SparkXxHash64: no Spark hash for " + v.getClass());
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  private static long fmix(long h) {
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  static long hashInt(int v, long seed) {
    long h = seed + P5 + 4L;
    h ^= (v & 0xFFFFFFFFL) * P1;
    h = Long.rotateLeft(h, 23) * P2 + P3;
    return fmix(h);
  }

  static long hashLong(long v, long seed) {
    long h = seed + P5 + 8L;
    h ^= Long.rotateLeft(v * P2, 31) * P1;
    h = Long.rotateLeft(h, 27) * P1 + P4;
    return fmix(h);
  }

  private static long round(long acc, long input) {
    acc += input * P2;
    acc = Long.rotateLeft(acc, 31);
    return acc * P1;
  }

  private static long mergeRound(long h, long v) {
    h ^= round(0, v);
    return h * P1 + P4;
  }

  static long hashBytes(byte[] bytes, long seed) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int n = bytes.length;
    int p = 0;
    long h;
    if (n >= 32) {
      long v1 = seed + P1 + P2;
      long v2 = seed + P2;
      long v3 = seed;
      long v4 = seed - P1;
      int limit = n - 32;
      do {
        v1 = round(v1, b.getLong(p));
        v2 = round(v2, b.getLong(p + 8));
        v3 = round(v3, b.getLong(p + 16));
        v4 = round(v4, b.getLong(p + 24));
        p += 32;
      } while (p <= limit);
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
      h = mergeRound(h, v1);
      h = mergeRound(h, v2);
      h = mergeRound(h, v3);
      h = mergeRound(h, v4);
    } else {
      h = seed + P5;
    }
    h += n;
    while (p + 8 <= n) {
      h ^= round(0, b.getLong(p));
      h = Long.rotateLeft(h, 27) * P1 + P4;
      p += 8;
    }
    if (p + 4 <= n) {
      h ^= (b.getInt(p) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    while (p < n) {
      h ^= (bytes[p] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
      p++;
    }
    return fmix(h);
  }
}
