package dev.nixinfra.core.diag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A collector of diagnostics. Validation adds every problem it finds here instead of stopping at the first, so
 * the user sees them all in one run. Not thread-safe.
 */
public final class Diagnostics {
  private final List<Diagnostic> items = new ArrayList<>();

  public Diagnostics add(Diagnostic d) {
    items.add(d);
    return this;
  }

  public Diagnostics addAll(Collection<Diagnostic> ds) {
    items.addAll(ds);
    return this;
  }

  public Diagnostics error(SourceLocation at, String summary, String detail) {
    return add(Diagnostic.error(at, summary, detail));
  }

  public Diagnostics warning(SourceLocation at, String summary, String detail) {
    return add(Diagnostic.warning(at, summary, detail));
  }

  public boolean hasErrors() {
    return items.stream().anyMatch(Diagnostic::isError);
  }

  /** An immutable snapshot, in the order the problems were found. */
  public List<Diagnostic> toList() {
    return List.copyOf(items);
  }
}
