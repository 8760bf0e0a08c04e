package dev.nixinfra.providers.hcloud.fake;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * How a {@link FakeHcloud} behaves. Defaults: a random token, port 0 (ephemeral), no latency, actions that answer
 * {@code running} to one poll and {@code success} to the next, 3600 requests per hour, at most 50 items a page.
 *
 * @param actionPolls how many polls of an action answer {@code running} before it succeeds (0: done at once)
 * @param actionDuration when set, actions succeed once this long has passed instead, however often polled
 * @param rateLimit the request budget per hour; it refills gradually, {@code rateLimit/3600} per second
 * @param serverIpv4 when set, the public IPv4 address of every server, so that tests can point nixinfra at an SSH
 *     server on loopback; otherwise each server gets its own address in 100.64.0.0/10, which nothing may contact
 */
public record Options(String token, int port, Duration latency, int actionPolls, Duration actionDuration,
    int rateLimit, int pageSizeCap, Optional<String> serverIpv4) {
  public Options {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(serverIpv4, "serverIpv4");
    if (port < 0 || actionPolls < 0 || rateLimit < 1 || pageSizeCap < 1) {
      throw new IllegalArgumentException("negative port or action polls, or rate limit or page size below 1");
    }
  }

  public static Options defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Options}; every setter returns the builder. */
  public static final class Builder {
    private String token = "fake-" + UUID.randomUUID().toString().replace("-", "")
        + UUID.randomUUID().toString().replace("-", "").substring(0, 27);
    private int port;
    private Duration latency = Duration.ZERO;
    private int actionPolls = 1;
    private Duration actionDuration;
    private int rateLimit = 3600;
    private int pageSizeCap = 50;
    private Optional<String> serverIpv4 = Optional.empty();

    private Builder() {}

    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** The loopback port to listen on; 0 picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Added to every request before it is answered, e.g. 20 ms for realism. */
    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    /** Actions answer {@code running} to this many polls, then {@code success}; clears any action duration. */
    public Builder actionPolls(int polls) {
      this.actionPolls = polls;
      this.actionDuration = null;
      return this;
    }

    /** Actions succeed once this long has passed since they started, however often they are polled. */
    public Builder actionDuration(Duration duration) {
      this.actionDuration = duration;
      return this;
    }

    public Builder rateLimit(int requestsPerHour) {
      this.rateLimit = requestsPerHour;
      return this;
    }

    /** The largest {@code per_page} honoured; larger requests are cut to it (50 at Hetzner). */
    public Builder pageSizeCap(int cap) {
      this.pageSizeCap = cap;
      return this;
    }

    /** Every server answers with this public IPv4 address, e.g. 127.0.0.1 for an embedded SSH host. */
    public Builder serverIpv4(String address) {
      this.serverIpv4 = Optional.of(address);
      return this;
    }

    public Options build() {
      return new Options(token, port, latency, actionPolls, actionDuration, rateLimit, pageSizeCap, serverIpv4);
    }
  }
}
