package dev.nixinfra.providers.hcloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Waits for actions: polls {@code GET /actions/{id}} from {@link HcloudSettings#pollInitial()} doubling to
 * {@link HcloudSettings#pollMax()} (every poll counts against the rate limit, so no tight loop) until the action
 * is {@code success}, or fails with the action's own error code when it is {@code error}. An action still running
 * after {@link HcloudSettings#actionDeadline()} fails with code {@code action_timeout}.
 */
final class ActionWaiter {
  private final Transport transport;
  private final HcloudSettings settings;
  private final Clock clock;

  ActionWaiter(Transport transport, HcloudSettings settings, Clock clock) {
    this.transport = transport;
    this.settings = settings;
    this.clock = clock;
  }

  /** Waits for an action as a response returned it; a missing or null action means there is nothing to wait for. */
  void await(JsonNode action) throws HcloudException {
    if (action == null || action.isMissingNode() || action.isNull()) {
      return;
    }
    Instant deadline = clock.instant().plus(settings.actionDeadline());
    // Always the id the action started with, whatever a poll answers.
    long id = action.path("id").asLong();
    JsonNode current = action;
    for (int poll = 0; ; poll++) {
      String status = Payloads.text(current, "status");
      if ("success".equals(status)) {
        return;
      }
      if ("error".equals(status)) {
        throw failed(current, id);
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new HcloudException("Hetzner Cloud action " + describe(current, id) + " did not finish within "
            + human(settings.actionDeadline()), "action_timeout", 0, Optional.empty(), null);
      }
      Transport.sleep(Backoff.exponential(settings.pollInitial(), settings.pollMax(), poll));
      current = transport.get("/actions/" + id, Map.of()).path("action");
    }
  }

  private static HcloudException failed(JsonNode action, long id) {
    JsonNode error = action.path("error");
    String code = Payloads.text(error, "code");
    String message = Payloads.text(error, "message");
    code = code.isEmpty() ? "action_failed" : code;
    return new HcloudException("Hetzner Cloud action " + describe(action, id) + " failed: " + code
        + (message.isEmpty() ? "" : ": " + message), code, 200, Optional.empty(), null);
  }

  /** {@code create_server (1)}: the command says what failed, the id lets support find it. */
  private static String describe(JsonNode action, long id) {
    return Payloads.text(action, "command") + " (" + id + ")";
  }

  static String human(Duration d) {
    return d.toSeconds() >= 60 && d.toSecondsPart() == 0 ? d.toMinutes() + " min"
        : d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
