package dev.nixinfra.state.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * A PostgreSQL address with its credentials kept apart, so the URL handed to the driver and every text meant for
 * people ({@link #where()}, {@link #toString()}) never holds the password.
 *
 * <p>Accepts the JDBC form {@code jdbc:postgresql://host:port/db?k=v} and the libpq form
 * {@code postgresql://user:pass@host:port/db?k=v} (also {@code postgres://}), converting libpq's parameter names
 * the driver spells otherwise. The user and password come from the URL (user info or {@code user=}/{@code password=}
 * parameters), else from {@code PGUSER}/{@code PGPASSWORD}; the user defaults to the system user, and the database to
 * the user, as in libpq.
 *
 * @param hosts {@code host:port} (or several, comma separated), as written, for the driver and messages
 * @param params the remaining parameters, passed to the driver; never user or password
 */
public record PgUrl(String hosts, String database, String user, Optional<String> password,
    Map<String, String> params) {
  static final int DEFAULT_PORT = 5432;

  /** libpq names the driver spells otherwise. */
  private static final Map<String, String> LIBPQ_NAMES =
      Map.of("connect_timeout", "connectTimeout", "application_name", "ApplicationName");

  public PgUrl {
    Objects.requireNonNull(hosts, "hosts");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (hosts.isBlank() || database.isBlank() || user.isBlank()) {
      throw new IllegalArgumentException("hosts, database and user must not be blank");
    }
    params = Map.copyOf(params);
    if (params.containsKey("user") || params.containsKey("password")) {
      throw new IllegalArgumentException("credentials belong in user and password, not in params");
    }
  }

  /**
   * Parses {@code url}. Messages never repeat the URL, which may hold a password.
   *
   * @param env the environment, for {@code PGUSER} and {@code PGPASSWORD}
   * @throws IllegalArgumentException saying what is wrong with the URL
   */
  public static PgUrl parse(String url, Map<String, String> env) {
    Objects.requireNonNull(url, "url");
    String rest;
    if (url.startsWith("jdbc:postgresql://")) {
      rest = url.substring("jdbc:postgresql://".length());
    } else if (url.startsWith("postgresql://")) {
      rest = url.substring("postgresql://".length());
    } else if (url.startsWith("postgres://")) {
      rest = url.substring("postgres://".length());
    } else {
      throw new IllegalArgumentException("the PostgreSQL URL must start with postgresql:// or jdbc:postgresql://");
    }
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String path = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash + 1);
      rest = rest.substring(0, slash);
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String info = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = info.indexOf(':');
      String u = colon >= 0 ? info.substring(0, colon) : info;
      if (!u.isEmpty()) {
        user = Optional.of(decode(u, "user name"));
      }
      if (colon >= 0) {
        password = Optional.of(decode(info.substring(colon + 1), "password"));
      }
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("the PostgreSQL URL names no host; write postgresql://HOST:PORT/DATABASE");
    }
    for (String host : rest.split(",", -1)) {
      checkHost(host);
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq >= 0 ? pair.substring(0, eq) : pair, "parameter name");
        String value = eq >= 0 ? decode(pair.substring(eq + 1), "value of parameter " + key) : "";
        switch (key) {
          case "user" -> user = Optional.of(value);
          case "password" -> password = Optional.of(value);
          case "dbname" -> path = value;
          default -> params.put(LIBPQ_NAMES.getOrDefault(key, key), value);
        }
      }
    }
    String finalUser = user.or(() -> Optional.ofNullable(env.get("PGUSER")).filter(s -> !s.isEmpty()))
        .orElse(System.getProperty("user.name", "postgres"));
    String database = path.isEmpty() ? finalUser : decode(path, "database name");
    if (password.isEmpty()) {
      password = Optional.ofNullable(env.get("PGPASSWORD")).filter(s -> !s.isEmpty());
    }
    return new PgUrl(rest, database, finalUser, password, params);
  }

  private static void checkHost(String host) {
    int colon = host.startsWith("[") ? host.indexOf(':', host.indexOf(']')) : host.lastIndexOf(':');
    String name = colon >= 0 ? host.substring(0, colon) : host;
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          "the PostgreSQL URL has an empty host name; write postgresql://HOST:PORT/DATABASE");
    }
    if (colon >= 0) {
      String port = host.substring(colon + 1);
      boolean ok = !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Character::isDigit)
          && Integer.parseInt(port) > 0 && Integer.parseInt(port) < 65536;
      if (!ok) {
        throw new IllegalArgumentException("the PostgreSQL URL's port '" + port + "' after host " + name
            + " is not a port number (1-65535)");
      }
    }
  }

  private static String decode(String s, String what) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PostgreSQL URL's " + what + " has a broken %-escape");
    }
  }

  /** The hosts with the default port filled in, for messages: {@code db.example:5432}. */
  public String hostPorts() {
    StringBuilder out = new StringBuilder();
    for (String host : hosts.split(",")) {
      if (out.length() > 0) {
        out.append(',');
      }
      boolean hasPort = host.startsWith("[") ? host.indexOf(':', host.indexOf(']')) >= 0 : host.contains(":");
      out.append(hasPort ? host : host + ":" + DEFAULT_PORT);
    }
    return out.toString();
  }

  /** Where the database is, for messages: {@code postgresql://db.example:5432/nixinfra}. No user, no password. */
  public String where() {
    return "postgresql://" + hostPorts() + "/" + database;
  }

  /** The URL for the driver: no credentials in it, they go in {@link #driverProperties()}. */
  String jdbcUrl() {
    return "jdbc:postgresql://" + hosts + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
  }

  /**
   * The URL's parameters, the credentials, and nixinfra's defaults for those the URL leaves out: every connection
   * gives up after {@code connectSeconds}; a read waits at most {@code socketSeconds} for the server.
   */
  Properties driverProperties(int connectSeconds, int socketSeconds) {
    Properties p = new Properties();
    p.setProperty("connectTimeout", Integer.toString(connectSeconds));
    p.setProperty("loginTimeout", Integer.toString(connectSeconds));
    p.setProperty("socketTimeout", Integer.toString(socketSeconds));
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", "nixinfra");
    params.forEach(p::setProperty);
    p.setProperty("user", user);
    password.ifPresent(pw -> p.setProperty("password", pw));
    return p;
  }

  /** Replaces the password, should a driver message ever quote it, with {@code ***}. */
  String redact(String text) {
    if (text == null || password.isEmpty() || password.get().isEmpty()) {
      return text;
    }
    String pw = password.get();
    return text.replace(pw, "***").replace(URLEncoder.encode(pw, StandardCharsets.UTF_8), "***");
  }

  /** Never the password. */
  @Override
  public String toString() {
    return where() + " as " + user + (password.isPresent() ? " (with password)" : "");
  }
}
