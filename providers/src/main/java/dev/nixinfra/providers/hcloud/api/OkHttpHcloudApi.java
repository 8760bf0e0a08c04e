package dev.nixinfra.providers.hcloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The Hetzner Cloud API over OkHttp. Construct one per token with the process's shared client:
 * {@code new OkHttpHcloudApi(HcloudHttp.sharedClient(), HcloudSettings.of(token))}. The settings' timeouts are
 * applied through {@link OkHttpClient#newBuilder()}, which keeps the shared connection pool. Safe for concurrent
 * use. Retries, rate limits and their reasons are described in {@link Transport}.
 */
public final class OkHttpHcloudApi implements HcloudApi {
  private final Transport transport;
  private final ActionWaiter actions;
  private final ServerCreation creation;
  private final ServerTypeChange typeChange;

  public OkHttpHcloudApi(OkHttpClient client, HcloudSettings settings) {
    this(client, settings, Clock.systemUTC());
  }

  OkHttpHcloudApi(OkHttpClient client, HcloudSettings settings, Clock clock) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(settings, "settings");
    // OkHttp by default sends a request again, unseen, when a pooled connection breaks, POST /servers included;
    // Transport decides every retry itself (a create only after looking for the server), so that is switched off.
    OkHttpClient tuned = client.newBuilder()
        .retryOnConnectionFailure(false)
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.writeTimeout())
        .callTimeout(settings.callTimeout())
        .build();
    this.transport = new Transport(tuned, settings, clock);
    this.actions = new ActionWaiter(transport, settings, clock);
    this.creation = new ServerCreation(this, transport, actions, settings);
    this.typeChange = new ServerTypeChange(this, transport, actions, settings, clock);
  }

  @Override
  public List<Server> listServers(String labelSelector) throws HcloudException {
    return transport.list("/servers", Map.of("label_selector", labelSelector), "servers").stream()
        .map(Payloads::server).toList();
  }

  @Override
  public Optional<Server> findServerByName(String name) throws HcloudException {
    // name= is an exact match in the API; the check here guards against a server that ignores the filter.
    for (JsonNode s : transport.list("/servers", Map.of("name", name), "servers")) {
      if (name.equals(Payloads.text(s, "name"))) {
        return Optional.of(Payloads.server(s));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Server> getServer(long id) throws HcloudException {
    try {
      return Optional.of(Payloads.server(transport.get("/servers/" + id, Map.of()).path("server")));
    } catch (HcloudException e) {
      if (e.httpStatus() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Server createServer(CreateServer request) throws HcloudException {
    return creation.create(request);
  }

  @Override
  public Server updateServer(long id, String name, Map<String, String> labels) throws HcloudException {
    ObjectNode body = Transport.JSON.createObjectNode().put("name", name);
    body.set("labels", Transport.JSON.valueToTree(labels));
    return Payloads.server(transport.send("PUT", "/servers/" + id, Map.of(), body).path("server"));
  }

  @Override
  public Server changeServerType(long id, String serverType) throws HcloudException {
    return typeChange.change(id, serverType);
  }

  @Override
  public void deleteServer(long id) throws HcloudException {
    JsonNode deletion;
    try {
      deletion = transport.send("DELETE", "/servers/" + id, Map.of(), null);
    } catch (HcloudException e) {
      if (e.httpStatus() == 404) {
        return;
      }
      throw e;
    }
    // Outside the try: a 404 while polling the action is a failure, not "already gone".
    actions.await(deletion.path("action"));
  }

  @Override
  public List<SshKey> listSshKeys(String labelSelector) throws HcloudException {
    return transport.list("/ssh_keys", Map.of("label_selector", labelSelector), "ssh_keys").stream()
        .map(Payloads::sshKey).toList();
  }

  /** Empty for a blank fingerprint: the API would ignore the empty filter and answer every key. */
  @Override
  public Optional<SshKey> findSshKeyByFingerprint(String fingerprint) throws HcloudException {
    if (fingerprint.isBlank()) {
      return Optional.empty();
    }
    for (JsonNode k : transport.list("/ssh_keys", Map.of("fingerprint", fingerprint), "ssh_keys")) {
      if (fingerprint.equals(Payloads.text(k, "fingerprint"))) {
        return Optional.of(Payloads.sshKey(k));
      }
    }
    return Optional.empty();
  }

  /**
   * Uploads a key. On 409 {@code uniqueness_error} the existing key with the same fingerprint is returned as it
   * is (its name and labels are not changed here; the next plan shows any difference). When the conflict is a
   * name used by a different key, the refusal is thrown.
   */
  @Override
  public SshKey createSshKey(String name, String publicKey, Map<String, String> labels) throws HcloudException {
    ObjectNode body = Transport.JSON.createObjectNode().put("name", name).put("public_key", publicKey);
    body.set("labels", Transport.JSON.valueToTree(labels));
    try {
      return Payloads.sshKey(transport.send("POST", "/ssh_keys", Map.of(), body).path("ssh_key"));
    } catch (HcloudException e) {
      if (!"uniqueness_error".equals(e.code())) {
        throw e;
      }
      Optional<SshKey> existing = existingKey(publicKey);
      if (existing.isPresent()) {
        return existing.get();
      }
      throw e;
    }
  }

  /** The key already in the project: by fingerprint when the key decodes, else by comparing every key. */
  private Optional<SshKey> existingKey(String publicKey) throws HcloudException {
    Optional<String> fingerprint = SshFingerprint.of(publicKey);
    if (fingerprint.isPresent()) {
      Optional<SshKey> found = findSshKeyByFingerprint(fingerprint.get());
      if (found.isPresent()) {
        return found;
      }
    }
    for (JsonNode k : transport.list("/ssh_keys", Map.of(), "ssh_keys")) {
      if (SshFingerprint.sameKey(publicKey, Payloads.text(k, "public_key"))) {
        return Optional.of(Payloads.sshKey(k));
      }
    }
    return Optional.empty();
  }

  @Override
  public SshKey updateSshKey(long id, String name, Map<String, String> labels) throws HcloudException {
    ObjectNode body = Transport.JSON.createObjectNode().put("name", name);
    body.set("labels", Transport.JSON.valueToTree(labels));
    return Payloads.sshKey(transport.send("PUT", "/ssh_keys/" + id, Map.of(), body).path("ssh_key"));
  }

  @Override
  public void deleteSshKey(long id) throws HcloudException {
    try {
      transport.send("DELETE", "/ssh_keys/" + id, Map.of(), null);
    } catch (HcloudException e) {
      if (e.httpStatus() != 404) {
        throw e;
      }
    }
  }

  @Override
  public List<ServerType> serverTypes() throws HcloudException {
    return transport.list("/server_types", Map.of(), "server_types").stream().map(Payloads::serverType).toList();
  }

  @Override
  public List<Location> locations() throws HcloudException {
    return transport.list("/locations", Map.of(), "locations").stream().map(Payloads::location).toList();
  }

  @Override
  public List<Image> images(String architecture) throws HcloudException {
    return transport.list("/images", Map.of("type", "system", "architecture", architecture), "images").stream()
        .map(Payloads::image).toList();
  }

  @Override
  public long requestCount() {
    return transport.requestCount();
  }
}
