package dev.gantry.adapters.bedrock.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.ProviderHttpRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvokeModelTest {

  private static final String EP = "https://bedrock-runtime.us-east-1.amazonaws.com";

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "amazon.titan-embed-text-v1, amazon.titan-embed-text-v1",
      "amazon.titan-embed-text-v2:0, amazon.titan-embed-text-v2%3A0",
      "us.cohere.embed-v4:0, us.cohere.embed-v4%3A0",
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/otnfa2ysixqd,"
          + " arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fotnfa2ysixqd",
      "a b+c~d_e, a%20b%2Bc~d_e",
      "modèle, mod%C3%A8le",
  })
  void encodeSegment_modelId_oneEncodedPathSegment(String id, String encoded) {
    assertThat(InvokeModel.encodeSegment(id)).isEqualTo(encoded);
  }

  @Test
  void url_endpointWithOrWithoutSlash_invokePath() {
    assertThat(InvokeModel.url(EP, "cohere.embed-v4:0"))
        .isEqualTo(EP + "/model/cohere.embed-v4%3A0/invoke");
    assertThat(InvokeModel.url("http://localhost:8080/", "m")).isEqualTo(
        "http://localhost:8080/model/m/invoke");
  }

  @Test
  void request_body_postJsonUnsigned() {
    ProviderHttpRequest r = InvokeModel.request(EP, "m", Buffer.buffer("{}"));

    assertThat(r.method()).isEqualTo(HttpMethod.POST);
    assertThat(r.headers()).containsExactly(
        java.util.Map.entry("content-type", "application/json"),
        java.util.Map.entry("accept", "application/json"));
    assertThat(r.headers()).doesNotContainKey("authorization");
    assertThat(r.body().toString()).isEqualTo("{}");
  }
}
