package dev.gantry.adapters.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.Message;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ChatTemplatesTest {

  private static final Path QWEN3 =
      Path.of("src", "test", "resources", "templates", "qwen3-tokenizer_config.json");

  @TempDir
  Path dir;

  @Test
  void get_samePathTwice_loadsOnceAndSharesTheTemplate(Vertx vertx, VertxTestContext ctx) {
    ChatTemplates templates = new ChatTemplates(vertx);
    String path = QWEN3.toString();

    Future.all(templates.get(path), templates.get(path)).onComplete(ctx.succeeding(both ->
        ctx.verify(() -> {
          ChatTemplate first = both.resultAt(0);
          assertThat((Object) both.resultAt(1)).isSameAs(first);
          assertThat(first.render(List.of(Message.user("Hi")), List.of(), true))
              .isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
          ctx.completeNow();
        })));
  }

  @Test
  void get_fromAnEventLoop_completesOnTheCallersContext(Vertx vertx, VertxTestContext ctx) {
    ChatTemplates templates = new ChatTemplates(vertx);
    Context caller = vertx.getOrCreateContext();

    caller.runOnContext(v -> templates.get(QWEN3.toString()).onComplete(ctx.succeeding(t ->
        ctx.verify(() -> {
          assertThat(Vertx.currentContext()).isSameAs(caller);
          assertThat(Context.isOnEventLoopThread()).isTrue();
          ctx.completeNow();
        }))));
  }

  @Test
  void get_missingFileThenWritten_failsThenLoadsOnTheNextCall(Vertx vertx, VertxTestContext ctx)
      throws IOException {
    ChatTemplates templates = new ChatTemplates(vertx);
    Path file = dir.resolve("tokenizer_config.json");

    templates.get(file.toString())
        .recover(e -> {
          ctx.verify(() -> assertThat(e).isInstanceOf(UncheckedIOException.class));
          write(file);
          return templates.get(file.toString());
        })
        .onComplete(ctx.succeeding(t -> ctx.verify(() -> {
          assertThat(t.stopTokens()).containsExactly("<|im_end|>");
          ctx.completeNow();
        })));
  }

  @Test
  void get_fileWithoutChatTemplate_failsNamingIt(Vertx vertx, VertxTestContext ctx)
      throws IOException {
    Path file = Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\":\"</s>\"}");

    new ChatTemplates(vertx).get(file.toString()).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chat_template");
      ctx.completeNow();
    })));
  }

  private static void write(Path file) {
    try {
      Files.copy(QWEN3, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
