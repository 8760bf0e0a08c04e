package dev.nixinfra.core.plan;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.AttributeSpec;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.model.ResourceType;
import dev.nixinfra.core.model.Unknown;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides the action for one resource from its desired values and its refreshed state, using the type's schema.
 * This is the one place where create, update, replace and no-op are chosen.
 */
final class ResourceDiffer {
  private ResourceDiffer() {}

  /**
   * @param desired the desired values, with references already resolved where their values are known
   * @param prior the refreshed state; empty when the resource does not exist yet
   * @param replaceRequested the user asked for a replacement with --replace
   */
  static Change decide(ResourceType type, Address address, Attributes desired, SortedSet<Address> dependsOn,
      Optional<ResourceState> prior, boolean replaceRequested) {
    if (prior.isEmpty()) {
      return new Change.Create(address, withUnknownComputed(type, desired), dependsOn);
    }
    Attributes before = prior.get().attributes();
    Attributes kept = keepComputed(type, desired, before);
    SortedSet<String> changed = changedAttributes(type, kept, before);
    SortedSet<String> forcing = new TreeSet<>();
    for (String name : changed) {
      if (type.attribute(name).map(AttributeSpec::forcesReplacement).orElse(false)) {
        forcing.add(name);
      }
    }
    if (prior.get().tainted()) {
      return new Change.Replace(address, before, withUnknownComputed(type, desired), dependsOn,
          ReplaceReason.TAINTED, forcing);
    }
    if (replaceRequested) {
      return new Change.Replace(address, before, withUnknownComputed(type, desired), dependsOn,
          ReplaceReason.REQUESTED, forcing);
    }
    if (!forcing.isEmpty()) {
      return new Change.Replace(address, before, withUnknownComputed(type, desired), dependsOn,
          ReplaceReason.CANNOT_UPDATE, forcing);
    }
    if (!changed.isEmpty()) {
      List<String> warnings = new ArrayList<>();
      for (String name : changed) {
        type.attribute(name).flatMap(AttributeSpec::updateWarning).ifPresent(w -> warnings.add(name + ": " + w));
      }
      return new Change.Update(address, before, kept, dependsOn, warnings);
    }
    return new Change.NoOp(address, before, dependsOn);
  }

  /** Desired values, plus every computed attribute the configuration leaves out, as not known until apply. */
  static Attributes withUnknownComputed(ResourceType type, Attributes desired) {
    TreeMap<String, Object> m = new TreeMap<>(desired.values());
    for (AttributeSpec a : type.attributes()) {
      if (a.computed() && !m.containsKey(a.name())) {
        m.put(a.name(), Unknown.VALUE);
      }
    }
    return new Attributes(m);
  }

  /** Desired values, plus the recorded value of every computed attribute the configuration leaves out. */
  private static Attributes keepComputed(ResourceType type, Attributes desired, Attributes before) {
    TreeMap<String, Object> m = new TreeMap<>(desired.values());
    for (AttributeSpec a : type.attributes()) {
      if (a.computed() && !m.containsKey(a.name())) {
        before.get(a.name()).ifPresent(v -> m.put(a.name(), v));
      }
    }
    return new Attributes(m);
  }

  /**
   * Attributes whose planned value differs from the recorded one. A value not known yet counts as a change,
   * since it may differ.
   */
  private static SortedSet<String> changedAttributes(ResourceType type, Attributes planned, Attributes before) {
    SortedSet<String> changed = new TreeSet<>();
    Set<String> names = new TreeSet<>(planned.names());
    names.addAll(before.names());
    for (String name : names) {
      Object p = planned.values().get(name);
      Object b = before.values().get(name);
      boolean computedLeftOut = p == null && type.attribute(name).map(AttributeSpec::computed).orElse(false);
      if (computedLeftOut) {
        continue;
      }
      if (Attributes.isPending(p) || !Objects.equals(p, b)) {
        changed.add(name);
      }
    }
    return changed;
  }
}
