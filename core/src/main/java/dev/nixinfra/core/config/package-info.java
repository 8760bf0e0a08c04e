/** The nixinfra.yaml file: strict, located loading into typed records, and expansion into desired resources. */
package dev.nixinfra.core.config;
