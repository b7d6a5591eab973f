package dev.gantry.finetune.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The conversation-level checks of one example whose messages are each well formed: something to
 * learn from, and the backend's turn structure (alternation, the assistant answering last, a single
 * turn).
 */
final class TurnChecks {

  private TurnChecks() {}

  static void check(JsonNode messages, ValidationRules rules, List<String> problems) {
    checkLearnable(messages, problems);
    checkTurns(messages, rules, problems);
  }

  private static void checkLearnable(JsonNode messages, List<String> problems) {
    for (JsonNode message : messages) {
      if ("assistant".equals(message.path("role").textValue())
          && message.path("weight").asDouble(1) != 0) {
        return;
      }
    }
    problems.add("no assistant message to learn from (each has weight 0, or there is none)");
  }

  /** The backend's turn structure: alternation, a final answer, single-turn. */
  private static void checkTurns(JsonNode messages, ValidationRules rules, List<String> problems) {
    int users = 0;
    int assistants = 0;
    String previous = null;
    int firstTurn = -1;
    int lastTurn = -1;
    for (int i = 0; i < messages.size(); i++) {
      String role = messages.get(i).path("role").textValue();
      if (ExampleChecker.isSystem(role)) {
        if (rules.strictAlternation() && i > 0) {
          problems.add(
              "messages["
                  + i
                  + "]: a "
                  + role
                  + " message is only allowed as the first message for "
                  + rules.name());
        }
        continue;
      }
      String side = "assistant".equals(role) ? "assistant" : "user";
      if ("assistant".equals(side)) {
        assistants++;
      } else {
        users++;
      }
      if (firstTurn < 0) {
        firstTurn = i;
      }
      if (rules.strictAlternation() && side.equals(previous)) {
        problems.add(
            "messages["
                + i
                + "]: "
                + side
                + " message follows another "
                + side
                + " message; "
                + rules.name()
                + " needs user and assistant messages to alternate");
      }
      previous = side;
      lastTurn = i;
    }
    if (rules.strictAlternation()) {
      if (users + assistants < 2) {
        problems.add(
            rules.name()
                + " needs at least a user message and an assistant answer (found "
                + (users + assistants)
                + " non-system message(s))");
      } else {
        if (!"user".equals(messages.get(firstTurn).path("role").textValue())) {
          problems.add(
              "messages[" + firstTurn + "]: the first non-system message must be from the user");
        }
        if (!"assistant".equals(messages.get(lastTurn).path("role").textValue())) {
          problems.add("messages[" + lastTurn + "]: the last message must be from the assistant");
        }
      }
    }
    if (!rules.multiTurnAllowed() && (users > 1 || assistants > 1)) {
      problems.add(
          rules.name()
              + " takes one user message and one assistant answer (found "
              + users
              + " user and "
              + assistants
              + " assistant messages)");
    }
  }
}
