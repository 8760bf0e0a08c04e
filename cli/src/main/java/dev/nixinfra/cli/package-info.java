/** The command-line interface: the picocli entry point and its commands. */
package dev.nixinfra.cli;
