package dev.nixinfra.core.plan;

/** Why a resource is replaced rather than updated; for explaining the plan only, never for decisions in apply. */
public enum ReplaceReason {
  /** An attribute that cannot change in place changed. */
  CANNOT_UPDATE,
  /** The last apply of the resource did not finish. */
  TAINTED,
  /** The user asked for it with --replace. */
  REQUESTED
}
