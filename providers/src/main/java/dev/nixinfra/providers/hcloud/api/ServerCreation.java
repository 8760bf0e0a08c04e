package dev.nixinfra.providers.hcloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /servers} without ever creating two servers. Creating is not idempotent: a request that timed out
 * (or got a 502, 504 or {@code timeout}) may have created the server anyway. So before trying again the server
 * is looked up by name; if it is there with our labels, it is the one we created and is returned as it is (its
 * creation actions are not waited for: we no longer know their ids). Only if no server has the name is the POST
 * repeated, at most {@link HcloudSettings#maxRetries()} times.
 */
final class ServerCreation {
  private final HcloudApi api;
  private final Transport transport;
  private final ActionWaiter actions;
  private final HcloudSettings settings;

  ServerCreation(HcloudApi api, Transport transport, ActionWaiter actions, HcloudSettings settings) {
    this.api = api;
    this.transport = transport;
    this.actions = actions;
    this.settings = settings;
  }

  Server create(CreateServer request) throws HcloudException {
    JsonNode body = body(request);
    Backoff backoff = new Backoff(settings.retryBase(), settings.retryCap());
    for (int retry = 0; ; retry++) {
      try {
        JsonNode created = transport.send("POST", "/servers", Map.of(), body, false);
        actions.await(created.path("action"));
        for (JsonNode next : created.path("next_actions")) {
          actions.await(next);
        }
        long id = created.path("server").path("id").asLong();
        // The server as it is now (running), not as the POST answered it (initializing).
        return api.getServer(id).orElseGet(() -> Payloads.server(created.path("server")));
      } catch (Unanswered e) {
        Optional<Server> existing = api.findServerByName(request.name());
        if (existing.isPresent()) {
          if (existing.get().labels().entrySet().containsAll(request.labels().entrySet())) {
            return existing.get();
          }
          throw new HcloudException("Hetzner Cloud did not answer POST /servers clearly, and a server named "
              + request.name() + " now exists without nixinfra's labels", "uniqueness_error", 0,
              e.failure().correlationId(), e.failure());
        }
        if (retry >= settings.maxRetries()) {
          throw e.failure();
        }
        Duration wait = backoff.jittered(retry);
        Transport.sleep(wait);
      }
    }
  }

  /**
   * The request body: {@code location}, never the {@code datacenter} the API removed; SSH keys by id; an image
   * given as digits is an image id and goes out as a number, anything else is a name.
   */
  static JsonNode body(CreateServer request) {
    ObjectNode body = Transport.JSON.createObjectNode()
        .put("name", request.name())
        .put("server_type", request.serverType());
    if (!request.image().isEmpty() && request.image().chars().allMatch(c -> c >= '0' && c <= '9')) {
      body.put("image", Long.parseLong(request.image()));
    } else {
      body.put("image", request.image());
    }
    body.put("location", request.location());
    ArrayNode keys = body.putArray("ssh_keys");
    request.sshKeys().forEach(keys::add);
    body.set("labels", Transport.JSON.valueToTree(request.labels()));
    body.put("start_after_create", true);
    return body;
  }
}
