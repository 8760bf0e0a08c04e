# Managed by nixinfra: it owns this whole file, rewrites it on apply and deletes it on destroy.
# Change nixinfra.yaml instead of editing this file. Imported from /etc/nixos/configuration.nix.
# A tenant of this builder: its clients log in as nixinfra-alice and build only in the store at /var/lib/nixinfra/tenants/alice.
{ config, lib, pkgs, ... }:
{
  users.users.nixinfra-alice = {
    isSystemUser = true;
    group = "nixinfra-alice";
    useDefaultShell = true;
    openssh.authorizedKeys.keys = [
      "restrict,command=\"/run/current-system/sw/bin/nix-daemon --stdio --store /var/lib/nixinfra/tenants/alice --option min-free 1073741824 --option max-free 8589934592\" ssh-rsa AAAAB3NzaC1yc2E= nixinfra@alice-ci"
      "restrict,command=\"/run/current-system/sw/bin/nix-daemon --stdio --store /var/lib/nixinfra/tenants/alice --option min-free 1073741824 --option max-free 8589934592\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKc nixinfra@alice-laptop"
    ];
  };
  users.groups.nixinfra-alice = { };

  # The tenant's store root: its daemon creates nix/store and nix/var inside, as nixinfra-alice.
  systemd.tmpfiles.rules = [ "d /var/lib/nixinfra/tenants/alice 0700 nixinfra-alice nixinfra-alice -" ];

  # Proof for `nixinfra check` that this module is the one the running system was built from.
  environment.etc."nixinfra/tenant-big-alice.active".text = "3d8733b0ade69bb09a16e67fced597f3486f11f8ea1e7aa12498135004e45225\n";
}
