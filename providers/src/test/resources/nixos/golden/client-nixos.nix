# Managed by nixinfra: it owns this whole file, rewrites it on apply and deletes it on destroy.
# Change nixinfra.yaml instead of editing this file. Imported from the NixOS configuration.
{ config, lib, pkgs, ... }:
{
  nix.distributedBuilds = true;
  nix.buildMachines = [
    {
      hostName = "10.77.250.7";
      protocol = "ssh-ng";
      sshUser = "remotebuild";
      sshKey = "/etc/nix/nixinfra_ed25519";
      systems = [ "x86_64-linux" "i686-linux" ];
      maxJobs = 8;
      speedFactor = 1.5;
      supportedFeatures = [ "big-parallel" "kvm" "nixinfra" ];
      mandatoryFeatures = [ "nixinfra" ];
      publicHostKey = "c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSUhvc3RLZXkgcm9vdEBoZXR6bmVyCg==";
    }
    {
      hostName = "nixinfra-office";
      protocol = "ssh";
      sshUser = "nix-ssh";
      sshKey = "/etc/nix/nixinfra_ed25519";
      systems = [ "aarch64-linux" ];
      maxJobs = 2;
      speedFactor = 2;
      supportedFeatures = [ ];
      mandatoryFeatures = [ ];
    }
  ];
  nix.settings.builders-use-substitutes = true;
  nix.settings.max-jobs = 0;

  # Builders Nix cannot address directly: root's ssh reaches them through these aliases.
  programs.ssh.extraConfig = "Host nixinfra-office\n  HostName build.example.org\n  Port 2222\n  HostKeyAlias nixinfra-office\n";

  # Proof for `nixinfra check` that this module is the one the running system was built from.
  environment.etc."nixinfra/client.active".text = "72b31d521f949709b2243d927e6c60d48d8e24f916040ed3f48ec177bb57fd75\n";
}
