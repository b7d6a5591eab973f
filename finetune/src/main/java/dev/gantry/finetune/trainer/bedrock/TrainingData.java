package dev.gantry.finetune.trainer.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.finetune.trainer.TrainerException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Converts a JSONL file of OpenAI chat records to a {@link DataFormat}, line by line, into a
 * temporary file: blocking, for a worker thread. Only one line is held in memory at a time.
 */
final class TrainingData {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TrainingData() {}

  /**
   * A converted file.
   *
   * @param file the temporary file, to be deleted by the caller
   * @param bytes its size
   * @param records the records written
   */
  record Converted(Path file, long bytes, long records) {}

  /**
   * @param what {@code training} or {@code validation}, for messages
   * @throws TrainerException (not retryable) naming the first line that cannot be converted, or
   *     when the files cannot be read or written
   */
  static Converted convert(Path source, DataFormat format, String what) {
    Path target;
    try {
      target = Files.createTempFile("gantry-bedrock-", ".jsonl");
    } catch (IOException e) {
      throw new TrainerException("The gateway could not create a temporary file for the "
          + what + " data.", false, e);
    }
    try {
      long records = write(source, target, format, what);
      return new Converted(target, Files.size(target), records);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(target);
      if (e instanceof TrainerException) {
        throw (TrainerException) e;
      }
      throw new TrainerException("The gateway could not convert the " + what + " file.", false,
          e);
    }
  }

  private static long write(Path source, Path target, DataFormat format, String what)
      throws IOException {
    long records = 0;
    long lineNumber = 0;
    try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8);
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
            Files.newOutputStream(target), StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        out.write(MAPPER.writeValueAsString(ChatRecords.convert(parse(line, lineNumber, what),
            format)));
        out.write('\n');
        records++;
      }
    } catch (IllegalArgumentException e) {
      throw new TrainerException("The " + what + " file cannot be converted to Bedrock's "
          + format.option() + " format: line " + lineNumber + ": " + e.getMessage() + ".", false);
    }
    if (records == 0) {
      throw new TrainerException("The " + what + " file has no records.", false);
    }
    return records;
  }

  private static JsonNode parse(String line, long lineNumber, String what) {
    try {
      return MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON");
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file; the OS cleans up
    }
  }
}
