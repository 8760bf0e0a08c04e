package dev.nixinfra.cli.command;

import dev.nixinfra.core.model.Address;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a resource address, {@code TYPE.NAME}, with the model's own message when it is not one. */
final class AddressConverter implements ITypeConverter<Address> {
  @Override
  public Address convert(String value) {
    try {
      return Address.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
