package dev.nixinfra.providers.hcloud.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Hetzner Cloud API calls nixinfra makes. Every call has a timeout, retries what the official clients retry,
 * follows pagination to the end, and slows down before the rate-limit budget runs out. Failures are
 * {@link HcloudException}s whose message is one clear sentence with the API's code; the token never appears in any
 * message. Implementations are safe for concurrent use.
 */
public interface HcloudApi {
  /** Every server whose labels match {@code labelSelector}, all pages at {@code per_page=50}. */
  List<Server> listServers(String labelSelector) throws HcloudException;

  /** The server with exactly this name, if one exists. */
  Optional<Server> findServerByName(String name) throws HcloudException;

  /** The server with this id; empty on 404. */
  Optional<Server> getServer(long id) throws HcloudException;

  /**
   * Creates a server and waits for its creation action and the actions that follow (start). Never repeated
   * blindly: when the request times out, the server is looked up by name and labels before anything else.
   */
  Server createServer(CreateServer request) throws HcloudException;

  /** Replaces the name and the whole label set (the API replaces labels as a whole). */
  Server updateServer(long id, String name, Map<String, String> labels) throws HcloudException;

  /**
   * Changes the server type: graceful shutdown (falling back to power-off after a deadline), change_type with
   * {@code upgrade_disk=false} so the change can be undone, then power-on; waits for each action.
   */
  Server changeServerType(long id, String serverType) throws HcloudException;

  /** Deletes the server and waits for the deletion action; succeeds when it is already gone. */
  void deleteServer(long id) throws HcloudException;

  List<SshKey> listSshKeys(String labelSelector) throws HcloudException;

  Optional<SshKey> findSshKeyByFingerprint(String fingerprint) throws HcloudException;

  /**
   * Uploads a public key. A 409 {@code uniqueness_error} (the same key already exists) adopts the existing key,
   * found by fingerprint, instead of failing.
   */
  SshKey createSshKey(String name, String publicKey, Map<String, String> labels) throws HcloudException;

  SshKey updateSshKey(long id, String name, Map<String, String> labels) throws HcloudException;

  /** Deletes the key; succeeds when it is already gone. */
  void deleteSshKey(long id) throws HcloudException;

  List<ServerType> serverTypes() throws HcloudException;

  List<Location> locations() throws HcloudException;

  /** System images, for the given architecture ({@code x86} or {@code arm}). */
  List<Image> images(String architecture) throws HcloudException;

  /** Requests sent so far (retries included), for the refresh benchmark. */
  long requestCount();
}
