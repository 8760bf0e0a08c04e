/** The provider interface: what a provider reads, applies and deletes, and the registry that finds one per type. */
package dev.nixinfra.core.provider;
