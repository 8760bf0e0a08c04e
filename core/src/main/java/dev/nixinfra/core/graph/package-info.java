/** The dependency graph of resources: order, cycles and Graphviz output. */
package dev.nixinfra.core.graph;
