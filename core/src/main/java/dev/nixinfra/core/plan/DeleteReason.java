package dev.nixinfra.core.plan;

/** Why a resource is deleted; for explaining the plan only. */
public enum DeleteReason {
  /** It is in state but no longer in the configuration. */
  NOT_IN_CONFIG,
  /** The user asked to destroy everything. */
  DESTROY,
  /** It carries this stack's marks but matches nothing in the configuration or state, and --prune was given. */
  UNMANAGED
}
