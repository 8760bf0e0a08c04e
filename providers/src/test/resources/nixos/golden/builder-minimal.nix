# Managed by nixinfra: it owns this whole file, rewrites it on apply and deletes it on destroy.
# Change nixinfra.yaml instead of editing this file. Imported from /etc/nixos/configuration.nix.
{ config, lib, pkgs, ... }:
{
  users.users.remotebuild = {
    isSystemUser = true;
    group = "remotebuild";
    useDefaultShell = true;
    openssh.authorizedKeys.keys = [
      "restrict,command=\"/run/current-system/sw/bin/nix-daemon --stdio\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc nixinfra@laptop"
    ];
  };
  users.groups.remotebuild = { };

  nix.settings.trusted-users = [ "remotebuild" ];
  nix.settings.max-jobs = 4;

  # Proof for `nixinfra check` that this module is the one the running system was built from.
  environment.etc."nixinfra/builder.active".text = "6aaa353c8c8eb2e7ac78dba3bbf4a123ba0fb592f6f042be273e20dfc4aab9f8\n";
}
