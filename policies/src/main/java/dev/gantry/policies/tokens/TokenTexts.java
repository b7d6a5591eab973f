package dev.gantry.policies.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.EmbeddingInput;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.ToolDefinition;
import dev.gantry.adapters.template.ChatTemplate;

/**
 * What of a request or an answer is counted, and the counts. Chat prompts follow OpenAI's
 * published accounting for chat formats: 3 tokens of framing per message, 1 more for a name, 3 to
 * prime the reply, plus the text of every message, tool call and tool definition, and each image
 * by the formula of the model family that reads it ({@link ImageFormula}). A tokenizer that came with its model's chat
 * template counts a chat prompt exactly instead: the text the template renders (what vLLM, SGLang
 * and TGI tokenize), plus the images. The providers' counts, when they report them, are always
 * preferred to these.
 */
public final class TokenTexts {

  static final int PER_MESSAGE = 3;
  static final int PER_NAME = 1;
  static final int REPLY_PRIMING = 3;

  private TokenTexts() {}

  /** The chat prompt's tokens. */
  public static int prompt(TokenCounter counter, ChatRequest request) {
    ChatTemplate template = counter.chatTemplate().orElse(null);
    if (template != null) {
      String text;
      try {
        text = template.conversation(request);
      } catch (RuntimeException refused) {
        // the template refuses this conversation (the server will say why): count it by framing
        text = null;
      }
      if (text != null) {
        return counter.count(text) + images(counter, request);
      }
    }
    int tokens = REPLY_PRIMING;
    for (Message m : request.messages()) {
      tokens += PER_MESSAGE + counter.count(m.role().name().toLowerCase());
      for (ContentPart part : m.content()) {
        if (part instanceof ContentPart.Text) {
          tokens += counter.count(((ContentPart.Text) part).text());
        } else if (part instanceof ContentPart.Image) {
          tokens += counter.imageFormula().of((ContentPart.Image) part);
        }
      }
      for (ToolCall call : m.toolCalls()) {
        tokens += counter.count(call.name()) + counter.count(call.arguments());
      }
      if (m.name() != null) {
        tokens += PER_NAME + counter.count(m.name());
      }
    }
    for (ToolDefinition tool : request.tools()) {
      tokens += counter.count(tool.name())
          + (tool.description() == null ? 0 : counter.count(tool.description()))
          + (tool.parameters() == null ? 0 : counter.count(tool.parameters().toString()));
    }
    return tokens;
  }

  private static int images(TokenCounter counter, ChatRequest request) {
    int tokens = 0;
    for (Message m : request.messages()) {
      for (ContentPart part : m.content()) {
        if (part instanceof ContentPart.Image) {
          tokens += counter.imageFormula().of((ContentPart.Image) part);
        }
      }
    }
    return tokens;
  }

  /**
   * The work of counting a chat prompt with {@code counter}, in characters: what decides whether
   * counting leaves the event loop ({@link Tokens#count}). Rendering a chat template costs
   * milliseconds, so a counter with one always counts on the workers.
   */
  public static long promptWork(TokenCounter counter, ChatRequest request) {
    return counter.chatTemplate().isPresent() ? Integer.MAX_VALUE : promptChars(request);
  }

  /** The characters of a chat prompt: what decides whether counting leaves the event loop. */
  public static long promptChars(ChatRequest request) {
    long chars = 0;
    for (Message m : request.messages()) {
      for (ContentPart part : m.content()) {
        if (part instanceof ContentPart.Text) {
          chars += ((ContentPart.Text) part).text().length();
        }
      }
      for (ToolCall call : m.toolCalls()) {
        chars += call.arguments().length();
      }
    }
    for (ToolDefinition tool : request.tools()) {
      chars += tool.parameters() == null ? 0 : 64 + tool.parameters().size() * 64L;
    }
    return chars;
  }

  /** The tokens the model generated in a whole chat answer: text, reasoning and tool calls. */
  public static int completion(TokenCounter counter, ChatResponse response) {
    int tokens = 0;
    for (ChatResponse.Choice choice : response.choices()) {
      if (choice.message() != null) {
        tokens += counter.count(choice.message().text());
        for (ToolCall call : choice.message().toolCalls()) {
          tokens += counter.count(call.name()) + counter.count(call.arguments());
        }
      }
      if (choice.reasoning() != null) {
        tokens += counter.count(choice.reasoning());
      }
    }
    return tokens;
  }

  /** Appends what a chunk generated to {@code into}. */
  public static void appendGenerated(ChatChunk chunk, StringBuilder into) {
    for (ChatChunk.Delta delta : chunk.choices()) {
      append(into, delta.content());
      append(into, delta.reasoning());
      for (ToolCallDelta call : delta.toolCalls()) {
        append(into, call.name());
        append(into, call.arguments());
      }
    }
  }

  /** A legacy completion prompt's tokens: strings counted, token ids taken as they are. */
  public static int prompt(TokenCounter counter, CompletionRequest request) {
    JsonNode prompt = request.prompt();
    if (prompt == null) {
      return 0;
    }
    if (prompt.isTextual()) {
      return counter.count(prompt.textValue());
    }
    int tokens = 0;
    for (JsonNode item : prompt) {
      tokens += item.isTextual() ? counter.count(item.textValue()) : item.isArray() ? item.size() : 1;
    }
    return tokens;
  }

  /** A legacy completion's generated tokens. */
  public static int completion(TokenCounter counter, CompletionResponse response) {
    int tokens = 0;
    for (CompletionResponse.Choice choice : response.choices()) {
      tokens += choice.text() == null ? 0 : counter.count(choice.text());
    }
    return tokens;
  }

  /** The tokens of embedding inputs: counted texts, or the given token ids. */
  public static int embedding(TokenCounter counter, EmbeddingInput input) {
    int tokens = 0;
    if (input instanceof EmbeddingInput.Texts) {
      for (String text : ((EmbeddingInput.Texts) input).texts()) {
        tokens += counter.count(text);
      }
    } else {
      for (int[] ids : ((EmbeddingInput.TokenIds) input).inputs()) {
        tokens += ids.length;
      }
    }
    return tokens;
  }

  /** The characters of embedding inputs (token ids count as none: they are not encoded). */
  public static long embeddingChars(EmbeddingInput input) {
    long chars = 0;
    if (input instanceof EmbeddingInput.Texts) {
      for (String text : ((EmbeddingInput.Texts) input).texts()) {
        chars += text.length();
      }
    }
    return chars;
  }

  private static void append(StringBuilder into, String text) {
    if (text != null) {
      into.append(text);
    }
  }
}
