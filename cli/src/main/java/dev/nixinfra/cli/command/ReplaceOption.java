package dev.nixinfra.cli.command;

import dev.nixinfra.core.model.Address;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --replace}, shared by plan and apply (destroy has no use for it). */
final class ReplaceOption {
  @Option(names = "--replace", paramLabel = "ADDR", converter = AddressConverter.class,
      description = "Replace this resource even where an update or nothing would do. Repeatable.")
  List<Address> replace = new ArrayList<>();
}
