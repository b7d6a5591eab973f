package dev.gantry.finetune.trainer.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** One OpenAI chat record converted to each Bedrock format. */
class ChatRecordsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String MULTI_TURN = "{\"messages\":["
      + "{\"role\":\"system\",\"content\":\"S1\"},"
      + "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"S2\"}]},"
      + "{\"role\":\"user\",\"content\":\"u1\"},"
      + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"u2a\"},"
      + "{\"type\":\"text\",\"text\":\"u2b\"}]},"
      + "{\"role\":\"assistant\",\"content\":\"a1\",\"weight\":0},"
      + "{\"role\":\"user\",\"content\":\"u3\"},"
      + "{\"role\":\"assistant\",\"content\":\"a2\",\"weight\":1}]}";

  @Test
  void convert_nova_systemBlocksAndMergedTurns() throws Exception {
    assertEquals(json("{\"schemaVersion\":\"bedrock-conversation-2024\","
        + "\"system\":[{\"text\":\"S1\"},{\"text\":\"S2\"}],\"messages\":["
        + "{\"role\":\"user\",\"content\":[{\"text\":\"u1\"},{\"text\":\"u2a\\nu2b\"}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"text\":\"a1\"}]},"
        + "{\"role\":\"user\",\"content\":[{\"text\":\"u3\"}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"text\":\"a2\"}]}]}"),
        ChatRecords.convert(json(MULTI_TURN), DataFormat.NOVA));
  }

  @Test
  void convert_novaWithoutSystem_omitsSystem() throws Exception {
    assertEquals(json("{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":["
        + "{\"role\":\"user\",\"content\":[{\"text\":\"q\"}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"text\":\"a\"}]}]}"),
        ChatRecords.convert(json("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
            + "{\"role\":\"assistant\",\"content\":\"a\"}]}"), DataFormat.NOVA));
  }

  @Test
  void convert_claude_stringContentAndSystemString() throws Exception {
    assertEquals(json("{\"system\":\"S1\\n\\nS2\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"u1\\n\\nu2a\\nu2b\"},"
        + "{\"role\":\"assistant\",\"content\":\"a1\"},"
        + "{\"role\":\"user\",\"content\":\"u3\"},"
        + "{\"role\":\"assistant\",\"content\":\"a2\"}]}"),
        ChatRecords.convert(json(MULTI_TURN), DataFormat.CLAUDE));
  }

  @Test
  void convert_promptCompletionMultiTurn_writesTurnsOut() throws Exception {
    assertEquals(json("{\"prompt\":\"S1\\n\\nS2\\n\\nUser: u1\\n\\nu2a\\nu2b\\n\\n"
        + "Assistant: a1\\n\\nUser: u3\\n\\nAssistant:\",\"completion\":\"a2\"}"),
        ChatRecords.convert(json(MULTI_TURN), DataFormat.PROMPT_COMPLETION));
  }

  @Test
  void convert_promptCompletionSingleTurn_plainPrompt() throws Exception {
    assertEquals(json("{\"prompt\":\"q\",\"completion\":\"a\"}"),
        ChatRecords.convert(json("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
            + "{\"role\":\"assistant\",\"content\":\"a\"}]}"), DataFormat.PROMPT_COMPLETION));
  }

  @Test
  void convert_imagePart_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        ChatRecords.convert(json("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
            + "\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]},"
            + "{\"role\":\"assistant\",\"content\":\"a\"}]}"), DataFormat.NOVA));

    assertTrue(e.getMessage().contains("image_url"), e.getMessage());
    assertTrue(!e.getMessage().contains("AAAA"), "no data quoted");
  }

  @Test
  void convert_toolMessage_refused() {
    assertThrows(IllegalArgumentException.class, () -> ChatRecords.convert(json(
        "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"tool\","
            + "\"tool_call_id\":\"1\",\"content\":\"r\"},{\"role\":\"assistant\","
            + "\"content\":\"a\"}]}"), DataFormat.CLAUDE));
  }

  @Test
  void convert_endsWithUser_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        ChatRecords.convert(json("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
            + "{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"q\"}]}"),
            DataFormat.CLAUDE));

    assertTrue(e.getMessage().contains("end with an assistant"), e.getMessage());
  }

  @Test
  void dataFormat_defaultsByBaseModel() {
    assertEquals(DataFormat.NOVA, DataFormat.of(null, "amazon.nova-lite-v1:0:300k"));
    assertEquals(DataFormat.NOVA, DataFormat.of(null,
        "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k"));
    assertEquals(DataFormat.CLAUDE, DataFormat.of(null,
        "anthropic.claude-3-haiku-20240307-v1:0:200k"));
    assertEquals(DataFormat.PROMPT_COMPLETION, DataFormat.of(null, "amazon.titan-text-lite-v1"));
    assertEquals(DataFormat.PROMPT_COMPLETION, DataFormat.of(null, "meta.llama3-1-8b-instruct-v1:0"));
    assertEquals(DataFormat.CLAUDE, DataFormat.of("claude", "amazon.nova-lite-v1:0:300k"));
    assertThrows(IllegalArgumentException.class, () -> DataFormat.of("jsonl", "x"));
  }

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
