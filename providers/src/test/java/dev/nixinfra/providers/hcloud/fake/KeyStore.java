package dev.nixinfra.providers.hcloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The project's SSH keys. Names and fingerprints are unique (409 {@code uniqueness_error}); the fingerprint is the
 * MD5 colon-hex of the base64 key blob, as the API computes it. Callers hold the store's lock.
 */
final class KeyStore {
  static final class Key {
    final long id;
    final Instant created;
    final String publicKey;
    final String fingerprint;
    String name;
    Map<String, String> labels;

    Key(long id, Instant created, String name, String publicKey, String fingerprint, Map<String, String> labels) {
      this.id = id;
      this.created = created;
      this.name = name;
      this.publicKey = publicKey;
      this.fingerprint = fingerprint;
      this.labels = new LinkedHashMap<>(labels);
    }

    SshKeyView view() {
      return new SshKeyView(id, name, fingerprint, publicKey, labels);
    }

    /** {@code {id, name, fingerprint, public_key, labels, created}} as in ssh_key_get.json. */
    ObjectNode json() {
      ObjectNode o = Json.object();
      o.put("id", id);
      o.put("name", name);
      o.put("fingerprint", fingerprint);
      o.put("public_key", publicKey);
      o.set("labels", Json.labels(labels));
      o.put("created", Json.time(created));
      return o;
    }
  }

  private final Map<Long, Key> keys = new TreeMap<>();
  private long nextId = 7_000_001;

  Key create(String name, String publicKey, Map<String, String> labels) {
    if (name == null || name.isBlank()) {
      throw ApiError.invalidInput("name", "is required");
    }
    String fp = fingerprint(publicKey);
    if (keys.values().stream().anyMatch(k -> k.fingerprint.equals(fp))) {
      throw ApiError.uniqueness("SSH key with the same fingerprint already exists", "public_key");
    }
    if (keys.values().stream().anyMatch(k -> k.name.equals(name))) {
      throw ApiError.uniqueness("SSH key with the same name already exists", "name");
    }
    Key k = new Key(nextId++, Instant.now(), name, publicKey.trim(), fp, labels);
    keys.put(k.id, k);
    return k;
  }

  Key get(long id) {
    Key k = keys.get(id);
    if (k == null) {
      throw ApiError.notFound("SSH key");
    }
    return k;
  }

  /** By numeric id or name, as {@code ssh_keys} of a server create request names them. */
  Optional<Key> find(String idOrName) {
    return keys.values().stream()
        .filter(k -> k.name.equals(idOrName) || String.valueOf(k.id).equals(idOrName)).findFirst();
  }

  List<Key> list(String name, String fingerprint, LabelSelector selector) {
    List<Key> out = new ArrayList<>();
    for (Key k : keys.values()) {
      if ((name == null || k.name.equals(name)) && (fingerprint == null || k.fingerprint.equals(fingerprint))
          && selector.test(k.labels)) {
        out.add(k);
      }
    }
    return out;
  }

  /** PUT: a new name (unique) and/or a label set that replaces the old one. */
  Key update(long id, JsonNode body) {
    Key k = get(id);
    if (body.hasNonNull("name")) {
      String name = body.get("name").asText();
      if (keys.values().stream().anyMatch(o -> o != k && o.name.equals(name))) {
        throw ApiError.uniqueness("SSH key with the same name already exists", "name");
      }
      k.name = name;
    }
    if (body.has("labels")) {
      k.labels = Store.labels(body.get("labels"));
    }
    return k;
  }

  void delete(long id) {
    if (keys.remove(id) == null) {
      throw ApiError.notFound("SSH key");
    }
  }

  List<Key> all() {
    return List.copyOf(keys.values());
  }

  /** MD5 colon-hex of the key blob (the second field of an OpenSSH public key line). */
  static String fingerprint(String publicKey) {
    String[] parts = publicKey == null ? new String[0] : publicKey.trim().split("\\s+");
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts.length >= 2 ? parts[1] : "");
    } catch (IllegalArgumentException e) {
      blob = new byte[0];
    }
    if (parts.length < 2 || blob.length == 0) {
      throw ApiError.invalidInput("public_key", "invalid public key");
    }
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(blob);
      StringBuilder sb = new StringBuilder();
      for (byte b : md5) {
        if (sb.length() > 0) {
          sb.append(':');
        }
        sb.append(String.format("%02x", b & 0xff));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
