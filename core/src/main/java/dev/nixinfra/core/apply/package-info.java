/** The apply engine: executes a plan exactly, in dependency order, persisting state after every resource. */
package dev.nixinfra.core.apply;
