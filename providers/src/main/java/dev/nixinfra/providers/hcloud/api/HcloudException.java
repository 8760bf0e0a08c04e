package dev.nixinfra.providers.hcloud.api;

import java.util.Optional;

/**
 * A Hetzner Cloud API call failed. The message is one sentence for the user, naming the API's code and message,
 * for example {@code Hetzner Cloud refused POST /servers: uniqueness_error: server name is already used}. It never
 * contains the token.
 *
 * @see #code() the API's error code, or {@code http_<status>} / {@code network} when there was none
 */
public final class HcloudException extends Exception {
  private final String code;
  private final int httpStatus;
  private final transient Optional<String> correlationId;

  public HcloudException(String message, String code, int httpStatus, Optional<String> correlationId,
      Throwable cause) {
    super(message, cause);
    this.code = code;
    this.httpStatus = httpStatus;
    this.correlationId = correlationId;
  }

  public String code() {
    return code;
  }

  /** 0 when no response arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  public Optional<String> correlationId() {
    return correlationId;
  }
}
