/** The composition root: which providers and which state store a run uses. */
package dev.nixinfra.cli.wiring;
