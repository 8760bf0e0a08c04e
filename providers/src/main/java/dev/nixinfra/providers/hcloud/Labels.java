package dev.nixinfra.providers.hcloud;

import dev.nixinfra.core.model.Address;
import java.util.Map;
import java.util.Optional;

/** The labels that tie cloud objects to a stack and a builder, and the label selector that finds them. */
final class Labels {
  static final String STACK = "nixinfra/stack";
  static final String BUILDER = "nixinfra/builder";

  private Labels() {}

  /** Finds everything of one stack: {@code nixinfra/stack=<stack>}. */
  static String selector(String stack) {
    return STACK + "=" + stack;
  }

  /** The builder a labelled object belongs to, when its label names one that can be an address. */
  static Optional<String> builder(Map<String, String> labels) {
    return Optional.ofNullable(labels.get(BUILDER)).filter(Address::isValidName);
  }
}
