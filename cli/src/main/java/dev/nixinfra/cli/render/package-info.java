/** Renderers that turn plans, diagnostics and apply events into human text or JSON, written to a given writer. */
package dev.nixinfra.cli.render;
