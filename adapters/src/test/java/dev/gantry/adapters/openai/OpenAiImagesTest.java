package dev.gantry.adapters.openai;

import static dev.gantry.adapters.openai.OpenAiChatReadRequestTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.model.ImageResponse;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiImagesTest {

  @Test
  void readRequest_documentedExample_roundTripsUpstream() {
    ImageRequest r = OpenAiImages.readRequest(json("""
        {"model":"gpt-image-1.5","prompt":"A cute baby sea otter","n":1,"size":"1024x1024",
         "response_format":"b64_json","background":"transparent"}
        """));

    assertThat(r.n()).isEqualTo(1);
    assertThat(r.size()).isEqualTo("1024x1024");
    assertThat(Json.parse(OpenAiImages.writeRequest(r, "dall-e-3"))).isEqualTo(json("""
        {"model":"dall-e-3","prompt":"A cute baby sea otter","n":1,"size":"1024x1024",
         "response_format":"b64_json","background":"transparent"}
        """));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"model":"i"}                                              | prompt
      {"model":"i","prompt":""}                                  | prompt
      {"model":"i","prompt":"p","n":11}                          | n
      {"model":"i","prompt":"p","n":0}                           | n
      {"model":"i","prompt":"p","response_format":"png"}         | response_format
      {"model":"i","prompt":"p","output_format":"gif"}           | output_format
      """)
  void readRequest_invalid_failsNamingParam(String body, String param) {
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> OpenAiImages.readRequest(json(body)));

    assertThat(e.param()).isEqualTo(param);
  }

  @Test
  void readResponse_documentedExample_readsImagesAndUsage() {
    ImageResponse r = OpenAiImages.readResponse(json("""
        {"created":1713833628,"data":[{"b64_json":"iVBO"}],"output_format":"png",
         "usage":{"total_tokens":100,"input_tokens":50,"output_tokens":50,
          "input_tokens_details":{"text_tokens":10,"image_tokens":40}}}
        """));

    assertThat(r.images()).containsExactly(new ImageResponse.Image("iVBO", null, "image/png", null));
    assertThat(r.usage()).isEqualTo(Usage.of(50, 50));
    assertThat(r.inputImageTokens()).isEqualTo(40);
    assertThat(Json.parse(OpenAiImages.writeResponse(r, 1713833628L))).isEqualTo(json("""
        {"created":1713833628,"data":[{"b64_json":"iVBO"}],
         "usage":{"total_tokens":100,"input_tokens":50,"output_tokens":50,
          "input_tokens_details":{"text_tokens":10,"image_tokens":40}}}
        """));
  }

  @Test
  void writeResponse_usageWithoutDetails_stillWritesTheRequiredInputDetails() {
    ImageResponse r = OpenAiImages.readResponse(json("""
        {"created":1,"data":[{"b64_json":"iVBO"}],
         "usage":{"total_tokens":30,"input_tokens":12,"output_tokens":18}}
        """));

    assertThat(r.inputImageTokens()).isZero();
    assertThat(Json.parse(OpenAiImages.writeResponse(r, 1)).get("usage")).isEqualTo(json("""
        {"total_tokens":30,"input_tokens":12,"output_tokens":18,
         "input_tokens_details":{"text_tokens":12,"image_tokens":0}}
        """));
  }

  @Test
  void writeResponse_urlWithRevisedPrompt_withoutUsage() {
    ImageResponse r = new ImageResponse(java.util.List.of(
        new ImageResponse.Image(null, "https://img/1.png", null, "an otter")), null);

    assertThat(Json.parse(OpenAiImages.writeResponse(r, 5))).isEqualTo(json(
        "{\"created\":5,\"data\":[{\"url\":\"https://img/1.png\",\"revised_prompt\":\"an otter\"}]}"));
  }
}
