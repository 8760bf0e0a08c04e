package dev.nixinfra.providers.hcloud.api;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The one OkHttpClient of the process. OkHttp wants a single client so that connections and threads are shared;
 * per-use settings come from {@link OkHttpClient#newBuilder()}, which keeps that sharing.
 */
public final class HcloudHttp {
  private HcloudHttp() {}

  /** The shared client: 10 s connect, 30 s read and write, 2 min per call, like {@link HcloudSettings#of}. */
  public static OkHttpClient sharedClient() {
    return Holder.CLIENT;
  }

  /** Created on first use only, so a run that never talks to Hetzner starts no OkHttp threads. */
  private static final class Holder {
    static final OkHttpClient CLIENT = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .writeTimeout(Duration.ofSeconds(30))
        .callTimeout(Duration.ofMinutes(2))
        .build();
  }
}
