package dev.nixinfra.providers.nix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Nix's remote-build error messages (shared reference §1.3, §1.4, §3.3, §5) into a plain diagnosis and fix.
 *
 * <p>Nix prints the real cause above its final error: {@code cannot open connection ... unexpected end-of-file} or
 * {@code Unable to start any build} follow the ssh or daemon message that explains them. So {@link #explain} picks
 * the first <em>specific</em> message in the output, and falls back to a generic one only when nothing specific is
 * there.
 */
public final class NixErrorAdvice {

  /**
   * @param id stable name of the case, for tests and docs
   * @param diagnosis what is wrong, in plain words
   * @param fix what to do about it
   */
  public record Advice(String id, String diagnosis, String fix) {
    public Advice {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(diagnosis, "diagnosis");
      Objects.requireNonNull(fix, "fix");
    }

    /** {@code diagnosis; fix}: one sentence for a diagnostic. */
    @Override
    public String toString() {
      return diagnosis + "; " + fix;
    }
  }

  private record Rule(Pattern pattern, boolean generic, Advice advice) {}

  private static final List<Rule> RULES = List.of(
      rule("untrusted-builders-setting", false,
          "ignoring the client-specified setting 'builders', because it is a restricted setting and you are not a"
              + " trusted user|is not a trusted user|you are not a trusted user",
          "the local user is not trusted by the client's nix-daemon, so its --builders/--option builders was ignored"
              + " (silently on Nix 2.4-2.21)",
          "run the command as root, or use the builders configured in the machines file by leaving --builders out"),
      rule("untrusted-substituter", false, "ignoring untrusted substituter",
          "the local user is not trusted, so the substituter it named was ignored",
          "run as root or a trusted user, or add the substituter to nix.conf on the client"),
      rule("remote-user-not-trusted", false,
          "you are not privileged to build (input-addressed )?derivations|lacks a signature by a trusted key",
          "the build user on the builder is not in the builder's trusted-users",
          "apply the builder again so nixinfra adds the build user to trusted-users, and restart its nix-daemon"),
      rule("sandbox-no-shell", false, "executing '/bin/sh': No such file or directory",
          "the build ran in the builder's sandbox, which has no /bin/sh (a tenant's store is always sandboxed; "
              + "Debian's and some distributions' Nix set no sandbox-paths shell)",
          "on the builder, add sandbox-paths = /bin/sh=<a statically linked busybox> to /etc/nix/nix.conf, as "
              + "NixOS and the upstream installer have it; derivations from nixpkgs bring their own shell"),
      rule("sandbox-no-user-namespaces", false,
          "cloning builder process: Operation not permitted",
          "the builder cannot start its build sandbox: unprivileged user namespaces are off, and builds in a "
              + "tenant's store run in a sandbox as the tenant's user",
          "on the builder, allow user namespaces (sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces"
              + " > 0, or on Ubuntu kernel.apparmor_restrict_unprivileged_userns=0)"),
      rule("host-key", false, "Host key verification failed",
          "root on the client does not know or does not accept the builder's SSH host key",
          "pin the key (builder host_key, machines field 8) or add it to root's known_hosts, e.g."
              + " ssh-keyscan HOST | sudo tee -a ~root/.ssh/known_hosts"),
      rule("publickey", false, "Permission denied \\(publickey",
          "the builder refused the client's key",
          "check that the client's public key is in the build user's authorized_keys on the builder and that"
              + " the machines line names that user and the client's key_path"),
      rule("identity-file", false, "Identity file \\S+ not accessible",
          "the private key named in the machines line is missing or not readable by root",
          "create the client key at key_path (owned by root, mode 600, no passphrase) or correct key_path"),
      rule("daemon-socket", false,
          "cannot connect to socket at '[^']*daemon-socket[^']*': Permission denied",
          "this user may not open the nix-daemon socket",
          "run as root or add the user to the group that owns the socket (nix-users on Debian)"),
      rule("not-allowed-to-connect", false, "is not allowed to connect to the Nix daemon",
          "the Nix daemon refused the user: it is not in allowed-users, or its primary group is the"
              + " build-users-group (nixbld)",
          "give the user its own primary group and allow it in allowed-users"),
      rule("nix-not-on-path", false,
          "nix-(daemon|store): command not found|command not found: nix-(daemon|store)",
          "the builder's non-interactive shell has no Nix on PATH",
          "use an absolute forced command in authorized_keys (nixinfra writes one) or add"
              + " ?remote-program=/nix/var/nix/profiles/default/bin/nix-daemon to the store URI"),
      rule("nologin-shell", false, "This account is currently not available",
          "the build user has a nologin shell, so the forced command cannot run",
          "give the build user a real login shell (on NixOS: useDefaultShell = true)"),
      rule("fractional-speed-factor", false, "failed to convert column #4 in a row: '[^']*' to 'unsigned int'",
          "the client's Nix (before 2.20) takes only a whole speed factor",
          "use a whole speed_factor, or let nixinfra render the machines file for the client's Nix version"),
      rule("bad-host-key-base64", false, "is not valid base64 string",
          "the host key field of a machines line is not valid base64",
          "use base64 of the whole host key line: base64 -w0 /etc/ssh/ssh_host_ed25519_key.pub"),
      rule("port-in-uri", false, "Could not resolve hostname \\S+:\\d+",
          "this Nix cannot take a port in the store URI (only 2.31+ can)",
          "reach the builder through an ssh_config Host alias with Port and HostKeyAlias (nixinfra writes one)"),
      rule("builder-lacks-features", false,
          "with features \\{[^}]*\\} is required to build|Reason: missing system features|platform mismatch",
          "the builder itself lacks a system or feature that the client's machines line promised",
          "make the builder's system-features match the supported_features given for it, or remove the feature"),
      rule("no-build-users", false, "all build users are currently in use",
          "the builder has fewer build users than concurrent builds",
          "raise nrBuildUsers, lower max_jobs, or enable auto-allocate-uids"),
      rule("no-ssh", false, "unable to execute 'ssh'",
          "the client's nix-daemon has no ssh client on its PATH",
          "install OpenSSH on the client (on NixOS it comes with programs.ssh)"),
      rule("pure-eval", false, "attribute 'currentSystem' missing",
          "the new CLI evaluates --expr in pure mode, where builtins.currentSystem does not exist",
          "spell out the system or add --impure"),
      rule("protocol-mismatch", true, "protocol mismatch",
          "something on the builder printed text before Nix answered, usually the build user's shell startup files",
          "make the build user's shell rc files print nothing for non-interactive sessions"),
      rule("no-home", true, "Could not chdir to home directory",
          "the build user has no home directory; this is only a warning and not the cause of a failure",
          "ignore it, or give the user a home such as /var/empty"),
      rule("no-machines", true,
          "(?i)unable to start any build; either increase '--max-jobs' or enable remote builds",
          "local builds are off (max-jobs 0) and Nix found no remote builders: builders is empty, names a missing"
              + " file, or was ignored",
          "check that builders in nix.conf names the machines file and that the file exists, then restart the"
              + " nix-daemon; when passing --builders, run as root"),
      rule("no-matching-machine", true,
          "(?i)unable to start any build; remote machines may not have all required system features"
              + "|required system or feature not available|Failed to find a machine for remote build",
          "no builder offers the derivation's system and features, or every builder failed to connect",
          "read the messages above this one for a connection error; otherwise add the system or feature to a"
              + " builder's systems or supported_features"),
      rule("cannot-connect", true,
          "cannot (open connection to remote store|connect to) '(ssh|ssh-ng)://[^']*'|unexpected end-of-file",
          "Nix could not talk to the builder over SSH (DNS, authentication, host key, or Nix missing there)",
          "the ssh message just above this one names the cause; as root on the client try"
              + " ssh -i KEY USER@HOST nix-store --version"));

  private NixErrorAdvice() {}

  private static Rule rule(String id, boolean generic, String regex, String diagnosis, String fix) {
    return new Rule(Pattern.compile(regex), generic, new Advice(id, diagnosis, fix));
  }

  /** The advice for the first specific message in {@code nixOutput}, else for the first generic one. */
  public static Optional<Advice> explain(String nixOutput) {
    return explainAll(nixOutput).stream().findFirst();
  }

  /** Advice for every known message in {@code nixOutput}: specific ones first, each group in order of appearance. */
  public static List<Advice> explainAll(String nixOutput) {
    Objects.requireNonNull(nixOutput, "nixOutput");
    record Hit(Rule rule, int at) {}
    List<Hit> hits = new ArrayList<>();
    for (Rule r : RULES) {
      Matcher m = r.pattern.matcher(nixOutput);
      if (m.find()) {
        hits.add(new Hit(r, m.start()));
      }
    }
    hits.sort(Comparator.comparing((Hit h) -> h.rule.generic).thenComparingInt(Hit::at));
    return hits.stream().map(h -> h.rule.advice).toList();
  }
}
