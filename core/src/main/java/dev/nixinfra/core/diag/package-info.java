/** User-fixable problems as values: diagnostics with severity, location and advice, collected and shown together. */
package dev.nixinfra.core.diag;
