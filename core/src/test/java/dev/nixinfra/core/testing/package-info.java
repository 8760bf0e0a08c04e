/** Fakes shared with every module's tests through the core test-jar: a provider and a state store in memory. */
package dev.nixinfra.core.testing;
