package dev.nixinfra.providers.hcloud.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An action on one server. It answers {@code running} until it is done, then {@code success} with progress 100
 * and {@code finished} set, and runs its effect on the store exactly once at that moment. When it is done is
 * decided by {@link Store#settle}. Guarded by the store's lock.
 */
final class Action {
  final long id;
  final String command;
  final long serverId;
  final Instant started;
  final long startedNanos;
  final Runnable effect;
  int runningAnswers;
  Instant finished;

  Action(long id, String command, long serverId, Instant started, long startedNanos, Runnable effect) {
    this.id = id;
    this.command = command;
    this.serverId = serverId;
    this.started = started;
    this.startedNanos = startedNanos;
    this.effect = effect;
  }

  boolean done() {
    return finished != null;
  }

  /** {@code {id, command, status, progress, started, finished, resources:[{id,type}], error}}. */
  ObjectNode json() {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("command", command);
    o.put("status", done() ? "success" : "running");
    o.put("progress", done() ? 100 : 0);
    o.put("started", Json.time(started));
    if (done()) {
      o.put("finished", Json.time(finished));
    } else {
      o.putNull("finished");
    }
    ObjectNode r = o.putArray("resources").addObject();
    r.put("id", serverId);
    r.put("type", "server");
    o.putNull("error");
    return o;
  }
}
