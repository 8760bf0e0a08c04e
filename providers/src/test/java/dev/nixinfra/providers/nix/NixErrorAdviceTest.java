package dev.nixinfra.providers.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each row is a message exactly as the reference (§1.3, §1.4, §3.3, §5) or the seeds quote it. */
class NixErrorAdviceTest {

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "ignoring the client-specified setting 'builders', because it is a restricted setting and you are not a trusted user | untrusted-builders-setting",
      "warning: user 'alice' is not a trusted user                                            | untrusted-builders-setting",
      "ignoring untrusted substituter 'http://cache:5000', you are not a trusted user.        | untrusted-substituter",
      "error: you are not privileged to build input-addressed derivations                     | remote-user-not-trusted",
      "error: you are not privileged to build derivations                                     | remote-user-not-trusted",
      "error: cannot add path '/nix/store/abc-x' because it lacks a signature by a trusted key | remote-user-not-trusted",
      "       >        Error   D       executing '/bin/sh': No such file or directory         | sandbox-no-shell",
      "error: cloning builder process: Operation not permitted                                | sandbox-no-user-namespaces",
      "Host key verification failed.                                                          | host-key",
      "nixbuild@builder1: Permission denied (publickey).                                      | publickey",
      "Warning: Identity file /k not accessible: No such file or directory.                   | identity-file",
      "error: cannot connect to socket at '/nix/var/nix/daemon-socket/socket': Permission denied | daemon-socket",
      "error: user 'remotebuild' is not allowed to connect to the Nix daemon                  | not-allowed-to-connect",
      "bash: nix-store: command not found                                                     | nix-not-on-path",
      "zsh:1: command not found: nix-daemon                                                   | nix-not-on-path",
      "error: protocol mismatch, got 'This account is currently not available.'               | nologin-shell",
      "error: 'nix-store --serve' protocol mismatch from 'host', got 'hello'                  | protocol-mismatch",
      "error: bad machine specification: failed to convert column #4 in a row: 'ssh://b x86_64-linux - 1 1.5' to 'unsigned int' | fractional-speed-factor",
      "error: bad machine specification: a column #7 in a row: 'ssh://b x86_64-linux - 1 1 - - xx' is not valid base64 string | bad-host-key-base64",
      "ssh: Could not resolve hostname 127.0.0.1:2222: Name or service not known              | port-in-uri",
      "error: a 'x86_64-linux' with features {kvm} is required to build '/nix/store/a.drv', but I am a 'x86_64-linux' with features {} | builder-lacks-features",
      "error: Cannot build '/nix/store/a.drv'. Reason: missing system features               | builder-lacks-features",
      "error: all build users are currently in use                                            | no-build-users",
      "error: unable to execute 'ssh': No such file or directory                              | no-ssh",
      "error: attribute 'currentSystem' missing                                               | pure-eval",
      "Could not chdir to home directory /home/remotebuild: No such file or directory         | no-home",
      "error: Unable to start any build; either increase '--max-jobs' or enable remote builds. | no-machines",
      "error: unable to start any build; either increase '--max-jobs' or enable remote builds. | no-machines",
      "error: Unable to start any build; remote machines may not have all required system features. | no-matching-machine",
      "error: required system or feature not available                                        | no-matching-machine",
      "Failed to find a machine for remote build!                                             | no-matching-machine",
      "cannot build on 'ssh-ng://u@h': error: cannot open connection to remote store 'ssh-ng://u@h': error: unexpected end-of-file | cannot-connect",
      "error: cannot connect to 'ssh-ng://nixbuild@builder1'                                  | cannot-connect",
  })
  void explainsEachMessageOfTheCatalogue(String message, String id) {
    assertEquals(Optional.of(id), NixErrorAdvice.explain(message).map(NixErrorAdvice.Advice::id));
  }

  @Test
  void theSpecificCauseAboveTheGenericErrorWins() {
    String output = """
        building '/nix/store/abc-foo.drv' on 'ssh-ng://u@h'...
        Could not chdir to home directory /home/u: No such file or directory
        Host key verification failed.
        cannot build on 'ssh-ng://u@h': error: cannot open connection to remote store 'ssh-ng://u@h': error: unexpected end-of-file
        error: Unable to start any build; remote machines may not have all required system features.
        """;
    assertEquals(List.of("host-key", "no-home", "cannot-connect", "no-matching-machine"),
        NixErrorAdvice.explainAll(output).stream().map(NixErrorAdvice.Advice::id).toList());
    assertEquals("root on the client does not know or does not accept the builder's SSH host key; pin the key"
        + " (builder host_key, machines field 8) or add it to root's known_hosts, e.g."
        + " ssh-keyscan HOST | sudo tee -a ~root/.ssh/known_hosts", NixErrorAdvice.explain(output).get().toString());
  }

  @Test
  void theSeedThatNeededVvv() {
    // Seed 002: only -vvv showed the first line; the last is all a user normally sees.
    String output = "ignoring the client-specified setting 'builders', because it is a restricted setting and you"
        + " are not a trusted user\nerror: unable to start any build; either increase '--max-jobs' or enable remote"
        + " builds.\n       https://nixos.org/manual/nix/stable/advanced-topics/distributed-builds.html\n";
    assertEquals(Optional.of("untrusted-builders-setting"),
        NixErrorAdvice.explain(output).map(NixErrorAdvice.Advice::id));
  }

  @Test
  void unknownTextHasNoAdvice() {
    assertEquals(Optional.empty(), NixErrorAdvice.explain("error: something else entirely"));
  }
}
