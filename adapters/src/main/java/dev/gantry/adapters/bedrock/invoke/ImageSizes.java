package dev.gantry.adapters.bedrock.invoke;

import dev.gantry.adapters.spi.GatewayException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's {@code size} ({@code WIDTHxHEIGHT} or {@code auto}) checked against what each Bedrock
 * image family can produce.
 */
final class ImageSizes {

  /** Titan Image Generator's fixed sizes (AWS user guide, Titan Image Generator G1 models). */
  static final List<String> TITAN = List.of("1024x1024", "768x768", "512x512", "768x1152",
      "384x576", "1152x768", "576x384", "768x1280", "384x640", "1280x768", "640x384", "896x1152",
      "448x576", "1152x896", "576x448", "768x1408", "384x704", "1408x768", "704x384", "640x1408",
      "320x704", "1408x640", "704x320", "1152x640", "1173x640");

  /** Stability's text-to-image aspect ratios on Bedrock. */
  static final List<String> STABILITY_RATIOS =
      List.of("16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21");

  private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
  private static final int NOVA_MIN = 320;
  private static final int NOVA_MAX = 4096;
  private static final long NOVA_MAX_PIXELS = 4_194_304L;

  private ImageSizes() {}

  /** Width and height, or null for {@code auto} or no size (the model's default). */
  static int[] parse(String size) {
    if (size == null || size.equals("auto")) {
      return null;
    }
    Matcher m = SIZE.matcher(size);
    if (!m.matches()) {
      throw GatewayException.invalid("Invalid 'size': expected WIDTHxHEIGHT (e.g. 1024x1024) or "
          + "auto.", "size");
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }

  static void checkTitan(int[] size) {
    if (!TITAN.contains(size[0] + "x" + size[1])) {
      throw GatewayException.invalid("Invalid 'size': Titan Image Generator supports "
          + String.join(", ", TITAN) + ".", "size");
    }
  }

  /**
   * Nova Canvas: each side 320-4096 and a multiple of 16, an aspect ratio within 1:4..4:1, and
   * fewer than 4,194,304 pixels.
   */
  static void checkNovaCanvas(int[] size) {
    int w = size[0];
    int h = size[1];
    boolean sides = w >= NOVA_MIN && w <= NOVA_MAX && h >= NOVA_MIN && h <= NOVA_MAX
        && w % 16 == 0 && h % 16 == 0;
    boolean ratio = w <= 4L * h && h <= 4L * w;
    if (!sides || !ratio || (long) w * h >= NOVA_MAX_PIXELS) {
      throw GatewayException.invalid("Invalid 'size': Nova Canvas needs each side from 320 to "
          + "4096 pixels and a multiple of 16, an aspect ratio between 1:4 and 4:1, and fewer "
          + "than 4,194,304 pixels in all.", "size");
    }
  }

  /** The Stability aspect ratio of a size, reduced ({@code 1536x1024} is {@code 3:2}). */
  static String stabilityRatio(int[] size) {
    int g = gcd(size[0], size[1]);
    String ratio = g == 0 ? "0:0" : size[0] / g + ":" + size[1] / g;
    if (!STABILITY_RATIOS.contains(ratio)) {
      throw GatewayException.invalid("Invalid 'size': Stability models on Bedrock take an aspect "
          + "ratio of " + String.join(", ", STABILITY_RATIOS) + " (the model picks the pixels); "
          + size[0] + "x" + size[1] + " is " + ratio + ".", "size");
    }
    return ratio;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
