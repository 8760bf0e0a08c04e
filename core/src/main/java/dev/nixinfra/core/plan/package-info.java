/** Plans: the diff of desired resources against state, as an immutable value that apply executes exactly. */
package dev.nixinfra.core.plan;
