package dev.nixinfra.core.plan;

/** What a plan aims at: the configuration, or the removal of everything in state. */
public enum PlanMode {
  NORMAL,
  DESTROY
}
