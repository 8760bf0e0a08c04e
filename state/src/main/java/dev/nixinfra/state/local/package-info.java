/** The local state backend: a JSON file written atomically, its full history, and an operating-system lock. */
package dev.nixinfra.state.local;
