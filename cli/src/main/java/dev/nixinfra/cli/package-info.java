/** The nixinfra command line: entry point, run context and exit codes. */
package dev.nixinfra.cli;
