package dev.gantry.adapters.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      // IPv4 public
      "8.8.8.8, PUBLIC",
      "1.1.1.1, PUBLIC",
      "52.94.236.248, PUBLIC",
      "172.15.255.255, PUBLIC",
      "172.32.0.1, PUBLIC",
      "100.63.255.255, PUBLIC",
      "100.128.0.1, PUBLIC",
      "169.253.1.1, PUBLIC",
      "192.167.1.1, PUBLIC",
      "198.17.255.255, PUBLIC",
      "223.255.255.255, PUBLIC",
      // IPv4 special
      "127.0.0.1, LOOPBACK",
      "127.255.255.254, LOOPBACK",
      "10.0.0.1, PRIVATE",
      "10.255.255.255, PRIVATE",
      "172.16.0.1, PRIVATE",
      "172.31.255.255, PRIVATE",
      "192.168.0.1, PRIVATE",
      "169.254.169.254, LINK_LOCAL",
      "169.254.0.1, LINK_LOCAL",
      "0.0.0.0, UNSPECIFIED",
      "0.1.2.3, UNSPECIFIED",
      "100.64.0.1, SHARED",
      "100.127.255.255, SHARED",
      "224.0.0.1, MULTICAST",
      "239.255.255.250, MULTICAST",
      "240.0.0.1, RESERVED",
      "255.255.255.255, RESERVED",
      "192.0.0.8, RESERVED",
      "192.0.2.1, RESERVED",
      "198.18.0.1, RESERVED",
      "198.19.255.255, RESERVED",
      "198.51.100.7, RESERVED",
      "203.0.113.9, RESERVED",
      // IPv6 public
      "2600:1f18:4a3:6900::1, PUBLIC",
      "2a00:1450:4001:81c::200e, PUBLIC",
      "2001:4860:4860::8888, PUBLIC",
      // IPv6 special
      "::1, LOOPBACK",
      "::, UNSPECIFIED",
      "fe80::1, LINK_LOCAL",
      "febf:ffff::1, LINK_LOCAL",
      "fc00::1, PRIVATE",
      "fd12:3456:789a::1, PRIVATE",
      "fec0::1, PRIVATE",
      "ff02::1, MULTICAST",
      "2001:db8::1, RESERVED",
      "2001:0:4136:e378:8000:63bf:3fff:fdd2, RESERVED",
      "100::1, RESERVED",
      "4000::1, RESERVED",
      "::2, RESERVED",
      // IPv6 carrying IPv4
      "::ffff:127.0.0.1, LOOPBACK",
      "::ffff:169.254.169.254, LINK_LOCAL",
      "::ffff:10.1.2.3, PRIVATE",
      "::ffff:8.8.8.8, PUBLIC",
      "::127.0.0.1, LOOPBACK",
      "::10.0.0.1, PRIVATE",
      "64:ff9b::a9fe:a9fe, LINK_LOCAL",
      "64:ff9b::808:808, PUBLIC",
      "2002:c0a8:101::1, PRIVATE",
      "2002:0808:0808::1, PUBLIC",
      "2002:7f00:1::1, LOOPBACK",
  })
  void of_literalAddress_isClassified(String literal, AddressClass expected)
      throws UnknownHostException {
    assertThat(AddressClass.of(InetAddress.getByName(literal))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "0:0:0:0:0:ffff:7f00:1, LOOPBACK",
      "0:0:0:0:0:ffff:a9fe:a9fe, LINK_LOCAL",
      "0:0:0:0:0:ffff:c0a8:0101, PRIVATE",
  })
  void of_ipv4MappedRawBytes_isJudgedByTheIpv4Address(String literal, AddressClass expected)
      throws UnknownHostException {
    byte[] raw = InetAddress.getByName(literal).getAddress();
    byte[] sixteen = raw.length == 16 ? raw : mapped(raw);

    assertThat(AddressClass.of(InetAddress.getByAddress(sixteen))).isEqualTo(expected);
  }

  private static byte[] mapped(byte[] v4) {
    byte[] b = new byte[16];
    b[10] = (byte) 0xff;
    b[11] = (byte) 0xff;
    System.arraycopy(v4, 0, b, 12, 4);
    return b;
  }

  @ParameterizedTest
  @CsvSource({"LOOPBACK, loopback", "PRIVATE, private", "LINK_LOCAL, link-local"})
  void label_kind_readsInAMessage(AddressClass kind, String label) {
    assertThat(kind.label()).isEqualTo(label);
  }
}
