package dev.gantry.adapters.media;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * What kind of network an IP address belongs to, for deciding whether Gantry may connect to it on
 * a client's behalf. Only {@link #PUBLIC} addresses are fetched from; everything else could reach
 * the gateway itself, its private network or a cloud metadata service (SSRF).
 *
 * <p>IPv6 forms that carry an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
 * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96} and 6to4 {@code 2002::/16}) are judged by the IPv4
 * address they carry.
 */
public enum AddressClass {
  /** Globally routable: the only class Gantry fetches from. */
  PUBLIC("public"),
  /** 127.0.0.0/8, ::1. */
  LOOPBACK("loopback"),
  /** 10/8, 172.16/12, 192.168/16, fc00::/7 (unique local), fec0::/10 (old site-local). */
  PRIVATE("private"),
  /** 169.254/16 (includes the 169.254.169.254 metadata service), fe80::/10. */
  LINK_LOCAL("link-local"),
  /** 0.0.0.0/8 ("this network"), ::. */
  UNSPECIFIED("unspecified"),
  /** 224.0.0.0/4, ff00::/8. */
  MULTICAST("multicast"),
  /** 100.64.0.0/10, the carrier-grade NAT range. */
  SHARED("shared (carrier-grade NAT)"),
  /**
   * Special-purpose ranges that are not globally routable: 192.0.0/24, documentation ranges
   * (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32), benchmarking 198.18/15, 240/4 and
   * broadcast, discard-only 100::/64, Teredo 2001::/32.
   */
  RESERVED("reserved");

  private final String label;

  AddressClass(String label) {
    this.label = label;
  }

  /** A short human name, as in "image URL resolves to a {@code label} address". */
  public String label() {
    return label;
  }

  /** Classifies one address (pure: no lookup). */
  public static AddressClass of(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address || b.length == 4) {
      return ipv4(b, 0);
    }
    if (address instanceof Inet6Address || b.length == 16) {
      return ipv6(b);
    }
    return RESERVED;
  }

  private static AddressClass ipv4(byte[] b, int at) {
    int a0 = b[at] & 0xff;
    int a1 = b[at + 1] & 0xff;
    int a2 = b[at + 2] & 0xff;
    if (a0 == 0) {
      return UNSPECIFIED;
    }
    if (a0 == 127) {
      return LOOPBACK;
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return PRIVATE;
    }
    if (a0 == 169 && a1 == 254) {
      return LINK_LOCAL;
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return SHARED;
    }
    if (a0 >= 224 && a0 <= 239) {
      return MULTICAST;
    }
    if (a0 >= 240
        || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))
        || (a0 == 198 && (a1 & 0xfe) == 18)
        || (a0 == 198 && a1 == 51 && a2 == 100)
        || (a0 == 203 && a1 == 0 && a2 == 113)) {
      return RESERVED;
    }
    return PUBLIC;
  }

  private static AddressClass ipv6(byte[] b) {
    if (zeros(b, 0, 10)) {
      boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
      boolean compatible = b[10] == 0 && b[11] == 0;
      if (compatible && zeros(b, 12, 15)) {
        return b[15] == 0 ? UNSPECIFIED : b[15] == 1 ? LOOPBACK : RESERVED;
      }
      if (mapped || compatible) {
        return ipv4(b, 12);
      }
    }
    int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (w0 == 0x0064 && w1 == 0xff9b && zeros(b, 4, 12)) {
      return ipv4(b, 12);
    }
    if (w0 == 0x2002) {
      return ipv4(b, 2);
    }
    if ((w0 & 0xff00) == 0xff00) {
      return MULTICAST;
    }
    if ((w0 & 0xffc0) == 0xfe80) {
      return LINK_LOCAL;
    }
    if ((w0 & 0xfe00) == 0xfc00 || (w0 & 0xffc0) == 0xfec0) {
      return PRIVATE;
    }
    if ((w0 == 0x2001 && w1 == 0x0db8) || (w0 == 0x2001 && w1 == 0x0000)
        || (w0 == 0x0100 && w1 == 0 && zeros(b, 4, 8))) {
      return RESERVED;
    }
    if ((w0 & 0xe000) != 0x2000) {
      return RESERVED;
    }
    return PUBLIC;
  }

  /** True when bytes {@code from} (inclusive) to {@code to} (exclusive) are all zero. */
  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
