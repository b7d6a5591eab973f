package dev.gantry.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.FineTuningSettings;
import dev.gantry.config.FineTuningTarget;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.LimitStoreSettings;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.config.StateStoreSettings;
import dev.gantry.config.Team;
import dev.gantry.gateway.finetune.FakeTrainer;
import dev.gantry.gateway.testing.FakeOpenAiUpstream;
import dev.gantry.sdk.GantryClient;
import dev.gantry.sdk.Page;
import dev.gantry.sdk.RequestOptions;
import dev.gantry.sdk.chat.ChatCompletion;
import dev.gantry.sdk.chat.ChatCompletionRequest;
import dev.gantry.sdk.chat.ChatMessage;
import dev.gantry.sdk.files.FileObject;
import dev.gantry.sdk.finetuning.FineTuningJob;
import dev.gantry.sdk.finetuning.JobCreateRequest;
import dev.gantry.sdk.finetuning.JobEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java SDK's files and fine-tuning against a real Gantry embedded in this JVM, with the fake
 * trainer and a fake vLLM: upload, create (idempotent), awaitCompletion with its events, then a
 * chat with the fine-tuned model; files and jobs listed in pages.
 */
class SdkAgainstGantryFineTuningTest {
  private static final String BASE = "meta-llama/Llama-3.1-8B-Instruct";

  @TempDir
  Path dir;

  @Test
  void uploadCreateAwaitWithEvents_thenChatWithTheTunedModel() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeOpenAiUpstream vllm = new FakeOpenAiUpstream(vertx).start().await(10, TimeUnit.SECONDS);
    vllm.override("/v1/load_lora_adapter", req -> req.response().end("Success"));
    FakeTrainer trainer = new FakeTrainer(vertx).start().await(10, TimeUnit.SECONDS);
    ProviderSettings.OpenAi server = new ProviderSettings.OpenAi("vllm", vllm.baseUrl(),
        SecretRef.literal("vllm-key"), null, Map.of(), Map.of(), Duration.ofSeconds(10), 16);
    FineTuningTarget target = new FineTuningTarget(FineTuningTarget.Backend.TRAINER, "vllm",
        BASE, Map.of("trainer_url", trainer.url(), "price_per_million_tokens", "2.0"),
        SecretRef.literal(FakeTrainer.KEY));
    ModelAlias llama = new ModelAlias("llama", ModelKind.CHAT,
        List.of(new Deployment("vllm", BASE, 1, null)), null, null, null, null, null, null,
        target);
    GatewayConfig config = new GatewayConfig(
        new ServerSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(30)),
        Map.of("vllm", server), List.of(llama),
        List.of(new ApiKey("a", SecretRef.literal("sk-a"), null, List.of(), false, "red", null)),
        List.of(new Team("red", null)), LimitStoreSettings.MEMORY,
        StateStoreSettings.embedded(dir.resolve("state").toString()), null,
        new FineTuningSettings(dir.resolve("files").toString(), 64 * 1024,
            Duration.ofMillis(100), 1, Duration.ofSeconds(1)));
    Gantry gantry = Gantry.start(config, Map.of());
    GantryClient client = GantryClient.builder().baseUrl(gantry.baseUri().toString())
        .apiKey("sk-a").maxRetries(0).pollInterval(Duration.ofMillis(50)).build();
    try {
      String lines = IntStream.range(0, 12).mapToObj(i -> new JsonObject().put("messages",
          List.of(new JsonObject().put("role", "user").put("content", "What is " + i + " + 1?"),
              new JsonObject().put("role", "assistant").put("content", String.valueOf(i + 1))))
          .encode()).collect(Collectors.joining("\n", "", "\n"));
      Path file = dir.resolve("train.jsonl");
      Files.writeString(file, lines, StandardCharsets.UTF_8);

      FileObject uploaded = client.files().upload(file);
      assertThat(uploaded.bytes()).isEqualTo(Files.size(file));
      assertThat(uploaded.filename()).isEqualTo("train.jsonl");
      try (InputStream in = client.files().content(uploaded.id())) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(lines);
      }

      JobCreateRequest request = JobCreateRequest.builder().model("llama")
          .trainingFile(uploaded.id()).suffix("support").seed(42).idempotencyKey("sdk-train-1")
          .build();
      FineTuningJob created = client.fineTuning().create(request);
      assertThat(client.fineTuning().create(request).id()).as("idempotent")
          .isEqualTo(created.id());

      List<JobEvent> events = new CopyOnWriteArrayList<>();
      FineTuningJob done = client.fineTuning().awaitCompletion(created.id(),
          Duration.ofSeconds(30), events::add);

      assertThat(done.status()).isEqualTo("succeeded");
      String tuned = done.fineTunedModelName().orElseThrow();
      assertThat(tuned).startsWith("ft:llama:red:support:");
      assertThat(events).extracting(JobEvent::id).doesNotHaveDuplicates();
      assertThat(events.get(0).message()).startsWith("Created fine-tuning job");
      assertThat(events.get(events.size() - 1).message())
          .isEqualTo("The job has successfully completed");
      List<String> oldestFirst = new ArrayList<>(client.fineTuning().events(created.id())
          .stream().map(JobEvent::id).toList());
      Collections.reverse(oldestFirst);
      assertThat(events).extracting(JobEvent::id).as("each event once, oldest first")
          .containsExactlyElementsOf(oldestFirst);
      assertThat(client.fineTuning().list().stream().map(FineTuningJob::id))
          .containsExactly(created.id());
      assertThat(client.fineTuning().checkpoints(created.id()).data()).isNotEmpty();

      ChatCompletion answer = client.chat().create(ChatCompletionRequest.builder().model(tuned)
          .addMessage(ChatMessage.user("Hi")).build());
      assertThat(answer.content()).isPresent();
      assertThat(vllm.received().stream().filter(r -> r.path().equals("/v1/chat/completions"))
          .map(r -> r.body().getString("model"))).containsExactly(tuned);

      // Pages: files and jobs walked in pages of one or two give what one page of all gives,
      // in the same order (newest first; ties within a second by id), nothing repeated.
      List<String> fileIds = new ArrayList<>(List.of(uploaded.id()));
      for (int i = 0; i < 4; i++) {
        fileIds.add(client.files().upload("more-" + i + ".jsonl",
            new java.io.ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8))).id());
      }
      Page<FileObject> allFiles = client.files().list(null, 100, RequestOptions.none());
      assertThat(allFiles.hasMore()).isFalse();
      assertThat(allFiles.data()).extracting(FileObject::id)
          .containsExactlyInAnyOrderElementsOf(fileIds);
      Page<FileObject> firstFiles = client.files().list(null, 2, RequestOptions.none());
      assertThat(firstFiles.data()).hasSize(2);
      assertThat(firstFiles.hasMore()).isTrue();
      assertThat(firstFiles.stream().map(FileObject::id))
          .containsExactlyElementsOf(allFiles.data().stream().map(FileObject::id).toList());
      List<String> jobIds = new ArrayList<>(List.of(created.id()));
      for (int i = 0; i < 2; i++) {
        jobIds.add(client.fineTuning().create(JobCreateRequest.builder().model("llama")
            .trainingFile(uploaded.id()).suffix("more" + i).build()).id());
      }
      List<String> allJobs = client.fineTuning().list(null, 100, RequestOptions.none()).data()
          .stream().map(FineTuningJob::id).toList();
      assertThat(allJobs).containsExactlyInAnyOrderElementsOf(jobIds);
      assertThat(client.fineTuning().list(null, 1, RequestOptions.none()).stream()
          .map(FineTuningJob::id)).containsExactlyElementsOf(allJobs);
      for (String id : jobIds.subList(1, 3)) {
        assertThat(client.fineTuning().cancel(id).status()).isIn("cancelled", "cancelling");
      }
    } finally {
      client.close();
      gantry.close();
      trainer.close().await(10, TimeUnit.SECONDS);
      vllm.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
