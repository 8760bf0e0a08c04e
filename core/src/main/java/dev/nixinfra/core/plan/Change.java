package dev.nixinfra.core.plan;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The planned change of one resource. {@code before} is the refreshed state (empty for a create); {@code after}
 * is what apply will make (empty for a delete), where {@link dev.nixinfra.core.model.Unknown} and
 * {@link dev.nixinfra.core.model.Ref} mark values known only during apply. Switch on {@link #action()}, which is
 * exhaustive on Java 17, and read the variant's own data with {@code instanceof}.
 */
public sealed interface Change
    permits Change.Create, Change.Update, Change.Replace, Change.Delete, Change.NoOp {
  Address address();

  Action action();

  Optional<Attributes> before();

  Optional<Attributes> after();

  /** The resources this one must come after when created or updated; recorded in state. */
  SortedSet<Address> dependsOn();

  private static SortedSet<Address> sorted(Set<Address> s) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(s));
  }

  record Create(Address address, Attributes planned, SortedSet<Address> dependsOn) implements Change {
    public Create {
      Objects.requireNonNull(address);
      Objects.requireNonNull(planned);
      dependsOn = sorted(dependsOn);
    }

    public Action action() {
      return Action.CREATE;
    }

    public Optional<Attributes> before() {
      return Optional.empty();
    }

    public Optional<Attributes> after() {
      return Optional.of(planned);
    }
  }

  /** @param warnings what the in-place update disrupts, one sentence per changed attribute that warns */
  record Update(Address address, Attributes prior, Attributes planned, SortedSet<Address> dependsOn,
      List<String> warnings) implements Change {
    public Update {
      Objects.requireNonNull(address);
      Objects.requireNonNull(prior);
      Objects.requireNonNull(planned);
      dependsOn = sorted(dependsOn);
      warnings = List.copyOf(warnings);
    }

    public Action action() {
      return Action.UPDATE;
    }

    public Optional<Attributes> before() {
      return Optional.of(prior);
    }

    public Optional<Attributes> after() {
      return Optional.of(planned);
    }
  }

  /**
   * Delete, then create anew.
   *
   * @param because the attributes whose change forces the replacement (empty unless CANNOT_UPDATE)
   */
  record Replace(Address address, Attributes prior, Attributes planned, SortedSet<Address> dependsOn,
      ReplaceReason reason, SortedSet<String> because) implements Change {
    public Replace {
      Objects.requireNonNull(address);
      Objects.requireNonNull(prior);
      Objects.requireNonNull(planned);
      Objects.requireNonNull(reason);
      dependsOn = sorted(dependsOn);
      because = Collections.unmodifiableSortedSet(new TreeSet<>(because));
      if (reason == ReplaceReason.CANNOT_UPDATE && because.isEmpty()) {
        throw new IllegalArgumentException(address + ": a replacement forced by attributes must name them");
      }
    }

    public Action action() {
      return Action.REPLACE;
    }

    public Optional<Attributes> before() {
      return Optional.of(prior);
    }

    public Optional<Attributes> after() {
      return Optional.of(planned);
    }
  }

  record Delete(Address address, Attributes prior, DeleteReason reason) implements Change {
    public Delete {
      Objects.requireNonNull(address);
      Objects.requireNonNull(prior);
      Objects.requireNonNull(reason);
    }

    public Action action() {
      return Action.DELETE;
    }

    public Optional<Attributes> before() {
      return Optional.of(prior);
    }

    public Optional<Attributes> after() {
      return Optional.empty();
    }

    public SortedSet<Address> dependsOn() {
      return Collections.emptySortedSet();
    }
  }

  record NoOp(Address address, Attributes prior, SortedSet<Address> dependsOn) implements Change {
    public NoOp {
      Objects.requireNonNull(address);
      Objects.requireNonNull(prior);
      dependsOn = sorted(dependsOn);
    }

    public Action action() {
      return Action.NO_OP;
    }

    public Optional<Attributes> before() {
      return Optional.of(prior);
    }

    public Optional<Attributes> after() {
      return Optional.of(prior);
    }
  }
}
