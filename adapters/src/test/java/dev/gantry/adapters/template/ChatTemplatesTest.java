package dev.gantry.adapters.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ChatTemplatesTest {

  private static final String CONFIG = "{\"chat_template\":\"{% for m in messages %}"
      + "[{{ m.role }}]{{ m.content }}{% endfor %}\",\"eos_token\":\"</s>\"}";

  @TempDir
  Path dir;

  @Test
  void get_samePathTwiceAndConcurrently_loadsTheFileOnce(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    Path file = Files.writeString(dir.resolve("tokenizer_config.json"), CONFIG);
    ChatTemplates templates = new ChatTemplates(vertx);
    Context context = vertx.getOrCreateContext();

    context.runOnContext(v -> {
      Future<ChatTemplate> first = templates.get(file.toString());
      Future<ChatTemplate> concurrent = templates.get(dir.resolve(".").resolve("tokenizer_config"
          + ".json").toString());
      Future.all(first, concurrent).compose(both -> {
        ctx.verify(() -> {
          assertThat(Vertx.currentContext()).as("continues on the caller's context")
              .isSameAs(context);
          assertThat(first.result()).isSameAs(concurrent.result());
          assertThat(first.result().render(List.of(Message.user("hi")), List.of(), false))
              .isEqualTo("[user]hi");
        });
        return deleteThenGet(templates, file);
      }).onComplete(ctx.succeeding(later -> ctx.verify(() -> {
        assertThat(later).as("read once, not again per call").isSameAs(first.result());
        ctx.completeNow();
      })));
    });
  }

  @Test
  void get_missingFile_failsInternalWithoutThePathThenLoadsOnceItExists(Vertx vertx,
      VertxTestContext ctx) {
    Path file = dir.resolve("qwen3").resolve("tokenizer_config.json");
    ChatTemplates templates = new ChatTemplates(vertx);

    vertx.getOrCreateContext().runOnContext(v -> templates.get(file.toString())
        .recover(missing -> {
          ctx.verify(() -> assertThat(missing).isInstanceOfSatisfying(GatewayException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
                assertThat(e.getMessage()).contains("tokenizer_config.json")
                    .doesNotContain(dir.toString());
              }));
          return vertx.executeBlocking(() -> {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, CONFIG);
          }).compose(written -> templates.get(file.toString()));
        })
        .onComplete(ctx.succeeding(template -> ctx.verify(() -> {
          assertThat(template.stopTokens()).containsExactly("</s>");
          ctx.completeNow();
        }))));
  }

  @Test
  void get_fileWithoutChatTemplate_failsInternal(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    Path file = Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\":\"x\"}");

    new ChatTemplates(vertx).get(file.toString()).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(((GatewayException) e).kind()).isEqualTo(ErrorKind.INTERNAL);
      ctx.completeNow();
    })));
  }

  /** Removes the file (on a worker), then asks for its template again. */
  private static Future<ChatTemplate> deleteThenGet(ChatTemplates templates, Path file) {
    return Vertx.currentContext().owner().executeBlocking(() -> Files.deleteIfExists(file))
        .compose(deleted -> templates.get(file.toString()));
  }
}
