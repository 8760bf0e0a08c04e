package dev.nixinfra.core.plan;

/** What apply does to one resource; each action has the symbol plans show. */
public enum Action {
  NO_OP(" ", "no-op"),
  CREATE("+", "create"),
  UPDATE("~", "update"),
  REPLACE("-/+", "replace"),
  DELETE("-", "delete");

  private final String symbol;
  private final String jsonName;

  Action(String symbol, String jsonName) {
    this.symbol = symbol;
    this.jsonName = jsonName;
  }

  public String symbol() {
    return symbol;
  }

  /** The name in JSON plans: create, update, replace, delete, no-op. */
  public String jsonName() {
    return jsonName;
  }
}
