package dev.gantry.sdk.examples;

import dev.gantry.sdk.GantryClient;
import dev.gantry.sdk.chat.ChatCompletionRequest;
import dev.gantry.sdk.chat.ChatMessage;
import dev.gantry.sdk.files.FileObject;
import dev.gantry.sdk.finetuning.FineTuningJob;
import dev.gantry.sdk.finetuning.JobCreateRequest;
import java.nio.file.Path;
import java.time.Duration;

/** Uploads a chat JSONL file, tunes an alias with it, follows the job, then calls the result. */
public final class FineTuneAndWait {

  private FineTuneAndWait() {}

  public static void main(String[] args) {
    Path data = Path.of(args.length > 0 ? args[0] : "train.jsonl");
    String alias = args.length > 1 ? args[1] : "llama";
    try (GantryClient client = GantryClient.fromEnv()) {
      FileObject file = client.files().upload(data);
      FineTuningJob job = client.fineTuning().create(JobCreateRequest.builder()
          .model(alias).trainingFile(file.id()).suffix("example").nEpochs(3)
          .idempotencyKey("example-" + file.id())
          .build());
      FineTuningJob done = client.fineTuning().awaitCompletion(job.id(), Duration.ofHours(4),
          event -> System.out.println(event.level() + " " + event.message()));
      if (!"succeeded".equals(done.status())) {
        System.err.println(done.status() + ": " + done.error());
        return;
      }
      System.out.println(client.chat().create(ChatCompletionRequest.builder()
          .model(done.fineTunedModel()).addMessage(ChatMessage.user("Hello!")).build())
          .content().orElse(""));
    }
  }
}
