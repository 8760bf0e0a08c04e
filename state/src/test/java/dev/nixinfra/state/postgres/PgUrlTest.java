package dev.nixinfra.state.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PgUrlTest {
  @Test
  void libpqFormIsConvertedAndCredentialsKeptApart() {
    PgUrl u = PgUrl.parse("postgresql://alice:p%40ss%2Fw@db.example:6543/infra?sslmode=require&connect_timeout=3",
        Map.of());
    assertEquals("db.example:6543", u.hosts());
    assertEquals("infra", u.database());
    assertEquals("alice", u.user());
    assertEquals(Optional.of("p@ss/w"), u.password());
    assertEquals("jdbc:postgresql://db.example:6543/infra", u.jdbcUrl());
    assertEquals("postgresql://db.example:6543/infra", u.where());
    Properties p = u.driverProperties(10, 60);
    assertEquals("require", p.getProperty("sslmode"));
    assertEquals("3", p.getProperty("connectTimeout"), "the URL's own timeout wins");
    assertEquals("60", p.getProperty("socketTimeout"));
    assertEquals("p@ss/w", p.getProperty("password"));
    assertFalse(u.toString().contains("p@ss"), u.toString());
  }

  @Test
  void jdbcFormWithParametersAndPgpassword() {
    PgUrl u = PgUrl.parse("jdbc:postgresql://127.0.0.1/nix?user=bob&ApplicationName=x",
        Map.of("PGPASSWORD", "from-env"));
    assertEquals("bob", u.user());
    assertEquals(Optional.of("from-env"), u.password());
    assertEquals("127.0.0.1:5432", u.hostPorts());
    assertEquals("x", u.driverProperties(10, 60).getProperty("ApplicationName"));
  }

  @Test
  void aPasswordInTheUrlWinsOverPgpasswordAndTheDatabaseDefaultsToTheUser() {
    PgUrl u = PgUrl.parse("postgres://carol:inurl@[::1]:5433", Map.of("PGPASSWORD", "env"));
    assertEquals(Optional.of("inurl"), u.password());
    assertEquals("carol", u.database());
    assertEquals("[::1]:5433", u.hostPorts());
  }

  @Test
  void badUrlsAreRefusedWithoutRepeatingThem() {
    assertEquals("the PostgreSQL URL must start with postgresql:// or jdbc:postgresql://",
        assertThrows(IllegalArgumentException.class, () -> PgUrl.parse("mysql://u:secret@h/db", Map.of()))
            .getMessage());
    assertEquals("the PostgreSQL URL's port 'x5' after host h is not a port number (1-65535)",
        assertThrows(IllegalArgumentException.class, () -> PgUrl.parse("postgresql://u:secret@h:x5/db", Map.of()))
            .getMessage());
    assertEquals("the PostgreSQL URL names no host; write postgresql://HOST:PORT/DATABASE",
        assertThrows(IllegalArgumentException.class, () -> PgUrl.parse("postgresql://u:secret@/db", Map.of()))
            .getMessage());
  }

  @Test
  void redactHidesThePassword() {
    PgUrl u = PgUrl.parse("postgresql://u:hunter2@h/db", Map.of());
    assertEquals("auth failed: *** was wrong", u.redact("auth failed: hunter2 was wrong"));
  }
}
