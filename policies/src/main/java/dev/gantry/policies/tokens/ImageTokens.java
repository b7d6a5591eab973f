package dev.gantry.policies.tokens;

import java.util.Base64;

/**
 * OpenAI's image tile arithmetic and the reading of image sizes from their headers, for
 * {@link ImageFormula}.
 */
final class ImageTokens {

  static final int BASE = 85;
  static final int PER_TILE = 170;

  private ImageTokens() {}

  /** OpenAI's {@code high}/{@code auto} detail cost of a {@code width}×{@code height} image. */
  static int tiles(int width, int height) {
    double w = width;
    double h = height;
    double fit = Math.min(1, 2048 / Math.max(w, h));
    w *= fit;
    h *= fit;
    double shortSide = Math.min(w, h);
    if (shortSide > 768) {
      w *= 768 / shortSide;
      h *= 768 / shortSide;
    }
    long tiles = (long) Math.ceil(w / 512) * (long) Math.ceil(h / 512);
    return (int) (BASE + PER_TILE * tiles);
  }

  /** {width, height} from the image's first bytes, or null when the format is not recognized. */
  static int[] size(String base64) {
    byte[] b;
    try {
      // the headers sit in the first few hundred bytes; JPEG may need more (its SOF marker)
      String head = base64.length() > 65_536 ? base64.substring(0, 65_536) : base64;
      b = Base64.getDecoder().decode(head.substring(0, head.length() - head.length() % 4));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (b.length >= 24 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return new int[] {int32(b, 16), int32(b, 20)};
    }
    if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
      return new int[] {u16le(b, 6), u16le(b, 8)};
    }
    if (b.length >= 30 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
        && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return webp(b);
    }
    if (b.length >= 4 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) {
      return jpeg(b);
    }
    return null;
  }

  private static int[] webp(byte[] b) {
    if (b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == 'X') {
      return new int[] {1 + u24le(b, 24), 1 + u24le(b, 27)};
    }
    if (b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == 'L') {
      int bits = (b[21] & 0xff) | (b[22] & 0xff) << 8 | (b[23] & 0xff) << 16 | (b[24] & 0xff) << 24;
      return new int[] {1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff)};
    }
    if (b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == ' ') {
      return new int[] {u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff};
    }
    return null;
  }

  private static int[] jpeg(byte[] b) {
    int i = 2;
    while (i + 9 < b.length) {
      if ((b[i] & 0xff) != 0xFF) {
        return null;
      }
      int marker = b[i + 1] & 0xff;
      int length = u16be(b, i + 2);
      boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
          && marker != 0xCC;
      if (frame) {
        return new int[] {u16be(b, i + 7), u16be(b, i + 5)};
      }
      i += 2 + length;
    }
    return null;
  }

  private static int int32(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8
        | (b[at + 3] & 0xff);
  }

  private static int u16be(byte[] b, int at) {
    return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
  }

  private static int u16le(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static int u24le(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
  }
}
