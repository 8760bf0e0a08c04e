package dev.nixinfra.providers.hcloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Changing a server's type. The API only changes a stopped server, so: a graceful ACPI shutdown (whose action
 * only means the signal was sent), polling the server until it is {@code off}; if it is not off by
 * {@link HcloudSettings#shutdownDeadline()}, a hard power-off. Then {@code change_type} with
 * {@code upgrade_disk=false} (a grown disk can never shrink, so the change could not be undone), then power-on.
 * Every action is waited for.
 */
final class ServerTypeChange {
  private final HcloudApi api;
  private final Transport transport;
  private final ActionWaiter actions;
  private final HcloudSettings settings;
  private final Clock clock;

  ServerTypeChange(HcloudApi api, Transport transport, ActionWaiter actions, HcloudSettings settings,
      Clock clock) {
    this.api = api;
    this.transport = transport;
    this.actions = actions;
    this.settings = settings;
    this.clock = clock;
  }

  Server change(long id, String serverType) throws HcloudException {
    if (!"off".equals(server(id).status())) {
      action(id, "shutdown", null);
      if (!waitUntilOff(id)) {
        action(id, "poweroff", null);
      }
    }
    ObjectNode body = Transport.JSON.createObjectNode().put("server_type", serverType).put("upgrade_disk", false);
    action(id, "change_type", body);
    action(id, "poweron", null);
    return server(id);
  }

  /** Polls the server's status until it is off or the shutdown deadline has passed. */
  private boolean waitUntilOff(long id) throws HcloudException {
    Instant deadline = clock.instant().plus(settings.shutdownDeadline());
    for (int poll = 0; ; poll++) {
      if ("off".equals(server(id).status())) {
        return true;
      }
      if (!clock.instant().isBefore(deadline)) {
        return false;
      }
      Transport.sleep(Backoff.exponential(settings.pollInitial(), settings.pollMax(), poll));
    }
  }

  private void action(long id, String action, JsonNode body) throws HcloudException {
    actions.await(transport.send("POST", "/servers/" + id + "/actions/" + action, Map.of(), body).path("action"));
  }

  private Server server(long id) throws HcloudException {
    Optional<Server> server = api.getServer(id);
    if (server.isEmpty()) {
      throw new HcloudException("Hetzner Cloud has no server " + id + " to change the type of", "not_found", 404,
          Optional.empty(), null);
    }
    return server.get();
  }
}
