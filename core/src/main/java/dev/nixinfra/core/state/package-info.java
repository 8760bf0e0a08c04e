/** The state store interface: reading and writing snapshots of state, and locking them for one run at a time. */
package dev.nixinfra.core.state;
