/** Test utilities shared with other modules' tests: a throwaway PostgreSQL cluster and child JVMs. */
package dev.nixinfra.state.testing;
