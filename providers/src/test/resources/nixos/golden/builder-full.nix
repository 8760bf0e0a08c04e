# Managed by nixinfra: it owns this whole file, rewrites it on apply and deletes it on destroy.
# Change nixinfra.yaml instead of editing this file. Imported from /etc/nixos/configuration.nix.
{ config, lib, pkgs, ... }:
{
  users.users.remotebuild = {
    isSystemUser = true;
    group = "remotebuild";
    useDefaultShell = true;
    openssh.authorizedKeys.keys = [
      "restrict,command=\"/run/current-system/sw/bin/nix-daemon --stdio\" ssh-rsa AAAAB3NzaC1yc2E= nixinfra@ci"
      "restrict,command=\"/run/current-system/sw/bin/nix-daemon --stdio\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc nixinfra@laptop"
    ];
  };
  users.groups.remotebuild = { };

  nix.settings.trusted-users = [ "remotebuild" ];
  nix.settings.max-jobs = 48;
  nix.settings.cores = 4;
  nix.settings.min-free = 10737418240;
  nix.settings.max-free = 53687091200;
  nix.settings.system-features = [ "benchmark" "big-parallel" "gccarch-znver3" "kvm" "nixinfra" "nixos-test" ];
  nix.nrBuildUsers = 64;

  # Builds that exhaust memory are killed before the rest of the machine.
  systemd.services.nix-daemon.serviceConfig = {
    MemoryAccounting = true;
    MemoryMax = "90%";
    OOMScoreAdjust = 500;
  };

  nix.gc = {
    automatic = true;
    dates = "weekly";
    options = "--delete-older-than 14d";
  };

  # Proof for `nixinfra check` that this module is the one the running system was built from.
  environment.etc."nixinfra/builder.active".text = "98c7c1325153068ad559b57f461042499c862466b1ad55db689c9cc94ef6ac39\n";
}
