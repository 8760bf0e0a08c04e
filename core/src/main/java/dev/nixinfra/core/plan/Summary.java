package dev.nixinfra.core.plan;

import java.util.List;

/** Counts in the Terraform convention: a replacement counts once as an add and once as a destroy. */
public record Summary(int add, int change, int destroy) {
  public static Summary of(List<Change> changes) {
    int add = 0;
    int change = 0;
    int destroy = 0;
    for (Change c : changes) {
      switch (c.action()) {
        case CREATE -> add++;
        case UPDATE -> change++;
        case REPLACE -> {
          add++;
          destroy++;
        }
        case DELETE -> destroy++;
        case NO_OP -> { }
      }
    }
    return new Summary(add, change, destroy);
  }

  public boolean isEmpty() {
    return add == 0 && change == 0 && destroy == 0;
  }
}
