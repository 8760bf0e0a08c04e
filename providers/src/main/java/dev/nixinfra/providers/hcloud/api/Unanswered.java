package dev.nixinfra.providers.hcloud.api;

/**
 * A request that must not be repeated blindly got no clear answer (no response, 502, 504 or {@code timeout}):
 * it may or may not have taken effect. The caller finds out before it tries again.
 */
final class Unanswered extends Exception {
  private final HcloudException failure;

  Unanswered(HcloudException failure) {
    super(failure.getMessage(), failure);
    this.failure = failure;
  }

  HcloudException failure() {
    return failure;
  }
}
