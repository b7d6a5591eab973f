package dev.gantry.config;

import static dev.gantry.config.Configs.errorsOf;
import static dev.gantry.config.Configs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerConfigTest {

  private static final String KEY = "keys:\n  - { name: k, key: env:TEAM_A_KEY }\n";

  @Test
  void parse_emptyDocument_usesServerDefaultsOnLoopback() {
    ServerSettings server = parse("").server();

    assertThat(server).isEqualTo(new ServerSettings("127.0.0.1", 8080, 20L * 1024 * 1024,
        Duration.ofSeconds(600)));
  }

  @Test
  void parse_keysWithoutHost_bindsAllInterfaces() {
    assertThat(parse(KEY).server().host()).isEqualTo("0.0.0.0");
  }

  @Test
  void parse_allServerFields_bindsThem() {
    ServerSettings server = parse("server: { host: 10.1.2.3, port: 9000, max_body_size: 1MiB,"
        + " request_timeout: 2m }\n" + KEY).server();

    assertThat(server).isEqualTo(new ServerSettings("10.1.2.3", 9000, 1024 * 1024,
        Duration.ofMinutes(2)));
  }

  @Test
  void parse_nonLoopbackHostWithoutKeys_reportsKeysRule() {
    assertThat(errorsOf("server: { host: 0.0.0.0 }"))
        .containsExactly("server.host: a non-loopback address needs at least one entry under keys");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "'::1'", "'[::1]'"})
  void parse_loopbackHostWithoutKeys_isAccepted(String host) {
    assertThat(parse("server: { host: " + host + " }").server().host())
        .isEqualTo(host.replace("'", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "-1", "99999999999"})
  void parse_portOutOfRange_reportsRange(String port) {
    assertThat(errorsOf("server: { port: " + port + " }"))
        .containsExactly("server.port: must be between 1 and 65535");
  }

  @ParameterizedTest
  @ValueSource(strings = {"'8080'", "80.5", "true"})
  void parse_portNotAnInteger_reportsType(String port) {
    assertThat(errorsOf("server: { port: " + port + " }"))
        .containsExactly("server.port: must be an integer");
  }

  @ParameterizedTest
  @CsvSource({"1048576, 1048576", "512B, 512", "2KB, 2000", "2KiB, 2048",
      "3MB, 3000000", "3MiB, 3145728", "1GB, 1000000000", "1GiB, 1073741824", "'20 MiB', 20971520"})
  void parse_maxBodySize_acceptsBytesAndUnits(String text, long bytes) {
    assertThat(parse("server: { max_body_size: " + text + " }").server().maxBodyBytes())
        .isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"20mb", "1.5MiB", "MiB", "-5", "lots"})
  void parse_maxBodySizeMalformed_reportsFormat(String text) {
    assertThat(errorsOf("server: { max_body_size: " + text + " }"))
        .containsExactly("server.max_body_size: must be a size like 1048576, 512KiB or 20MiB");
  }

  @Test
  void parse_maxBodySizeZero_reportsPositive() {
    assertThat(errorsOf("server: { max_body_size: 0KiB }"))
        .containsExactly("server.max_body_size: must be greater than 0");
  }

  @Test
  void parse_maxBodySizeOverflowing_reportsTooLarge() {
    assertThat(errorsOf("server: { max_body_size: 9999999999999GiB }"))
        .containsExactly("server.max_body_size: is too large");
  }

  @ParameterizedTest
  @CsvSource({"500ms, PT0.5S", "30s, PT30S", "2m, PT2M", "1h, PT1H"})
  void parse_requestTimeout_acceptsUnits(String text, Duration expected) {
    assertThat(parse("server: { request_timeout: " + text + " }").server().requestTimeout())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "30 s", "1.5s", "2d", "1h30m", "-5s"})
  void parse_requestTimeoutMalformed_reportsFormat(String text) {
    assertThat(errorsOf("server: { request_timeout: '" + text + "' }"))
        .containsExactly("server.request_timeout: must be a duration like 500ms, 30s, 2m or 1h");
  }

  @Test
  void parse_requestTimeoutZero_reportsPositive() {
    assertThat(errorsOf("server: { request_timeout: 0s }"))
        .containsExactly("server.request_timeout: must be greater than 0");
  }

  @Test
  void parse_unknownServerField_reportsIt() {
    assertThat(errorsOf("server: { port: 8080, bind: x }"))
        .containsExactly("server.bind: unknown field");
  }

  @Test
  void parse_serverNotAMapping_reportsIt() {
    assertThat(errorsOf("server: 8080")).containsExactly("server: must be a mapping");
  }

  @Test
  void parse_emptyHost_reportsIt() {
    assertThat(errorsOf("server: { host: '' }")).containsExactly("server.host: must not be empty");
  }
}
