package dev.nixinfra.core.provider;

import dev.nixinfra.core.model.Address;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What a provider operation may use besides its request.
 *
 * @param address the resource the operation is about (for bulk reads, the first of them)
 * @param output where lines of remote output go; the CLI prefixes them with the resource and keeps them in the
 *     run log
 * @param cancelled true once the user asked to stop; long operations check it between steps and stop cleanly
 */
public record OperationContext(Address address, Output output, BooleanSupplier cancelled) {
  public OperationContext {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(cancelled, "cancelled");
  }

  /** Receives output lines of remote work, one line at a time, from any thread. */
  @FunctionalInterface
  public interface Output {
    void line(Address address, String line);
  }

  public OperationContext forResource(Address other) {
    return new OperationContext(other, output, cancelled);
  }

  public void say(String line) {
    output.line(address, line);
  }
}
