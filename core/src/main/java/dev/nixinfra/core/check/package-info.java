/** {@code nixinfra check}: proof, per client and builder, that builds really offload (ssh, store, probe build). */
package dev.nixinfra.core.check;
