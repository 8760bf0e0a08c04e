/** The PostgreSQL state backend: team state in a database, with history and an advisory run lock. */
package dev.nixinfra.state.postgres;
