package dev.nixinfra.state.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nixinfra.core.state.StateException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A corpus of broken state files, each with the exact message the user sees. */
class BrokenStateFileTest {
  private static final Path FILE = Path.of(".nixinfra", "state.json");
  private static final String L = StateJsonTest.LINEAGE;

  private static String message(String text) {
    return assertThrows(StateException.class, () -> StateJson.read(text, FILE)).getMessage();
  }

  private static String expected(String located) {
    return "state file .nixinfra/state.json is not valid: " + located
        + ". Restore a previous version from .nixinfra/history/ or fix the file by hand";
  }

  /** A valid file with one resource, laid out one key a line, for editing. */
  private static String good(String serial, String resourceExtra) {
    return "{\n"
        + "  \"version\": 1,\n"
        + "  \"lineage\": \"" + L + "\",\n"
        + "  \"serial\": " + serial + ",\n"
        + "  \"resources\": [\n"
        + "    {\n"
        + "      \"address\": \"hcloud_server.arm1\",\n"
        + "      \"id\": \"1\",\n"
        + "      \"tainted\": false,\n"
        + "      \"dependencies\": [],\n"
        + "      \"attributes\": {\"cores\": 4}" + resourceExtra + "\n"
        + "    }\n"
        + "  ]\n"
        + "}\n";
  }

  @Test
  void theGoodFileReads() throws Exception {
    assertEquals(3, StateJson.read(good("3", ""), FILE).serial());
  }

  @Test
  void serialOfTheWrongType() {
    assertEquals(expected("line 4, column 13: \"serial\" must be a whole number"), message(good("\"3\"", "")));
    assertEquals(expected("line 4, column 13: \"serial\" must be a whole number"), message(good("3.5", "")));
    assertEquals(expected("line 4, column 13: \"serial\" must be zero or more"), message(good("-1", "")));
    assertEquals(expected("line 4, column 13: \"serial\" must be a whole number from -9223372036854775808 to "
        + "9223372036854775807"), message(good("99999999999999999999", "")));
  }

  @Test
  void truncated() {
    String text = good("3", "");
    assertEquals(expected("line 8, column 7: the file ends in the middle of a value; it was cut short"),
        message(text.substring(0, text.indexOf("\"id\""))));
  }

  @Test
  void emptyFile() {
    assertEquals(expected("line 1, column 1: the file is empty"), message(""));
    assertEquals(expected("line 1, column 1: the file is empty"), message("  \n"));
  }

  @Test
  void unknownVersion() {
    assertEquals(expected("line 2, column 14: state format version 2 is not supported; this nixinfra reads "
        + "version 1. Use the nixinfra release that wrote the file"), message(good("3", "").replace("1,\n", "2,\n")));
  }

  @Test
  void badLineage() {
    assertEquals(expected("line 3, column 14: \"lineage\" must be a lowercase UUID such as "
        + "0b9c7c1e-4a4e-4a5e-9a57-6f1d2b3c4d5e"), message(good("3", "").replace(L, "prod")));
  }

  @Test
  void missingField() {
    assertEquals(expected("line 6, column 5: \"resources[0]\": \"id\" is missing"),
        message(good("3", "").replace("      \"id\": \"1\",\n", "")));
    assertEquals(expected("line 1, column 1: \"serial\" is missing"),
        message(good("3", "").replace("  \"serial\": 3,\n", "")));
  }

  @Test
  void wrongTypesInsideAResource() {
    assertEquals(expected("line 9, column 18: \"resources[0].tainted\" must be true or false"),
        message(good("3", "").replace("\"tainted\": false", "\"tainted\": \"no\"")));
    assertEquals(expected("line 11, column 21: \"resources[0].attributes\" must be an object"),
        message(good("3", "").replace("{\"cores\": 4}", "[4]")));
    assertEquals(expected("line 11, column 31: \"resources[0].attributes.cores\" is null; leave an attribute out "
        + "instead of setting it to null"), message(good("3", "").replace("\"cores\": 4", "\"cores\": null")));
    assertEquals(expected("line 7, column 18: \"resources[0].address\": 'arm1' is not a resource address; write "
        + "TYPE.NAME, for example builder.arm1"), message(good("3", "").replace("hcloud_server.arm1", "arm1")));
  }

  @Test
  void keysWithPointerCharactersAreLocatedToo() {
    assertEquals(expected("line 11, column 31: \"resources[0].attributes.a/b~c\" is null; leave an attribute out "
        + "instead of setting it to null"), message(good("3", "").replace("\"cores\": 4", "\"a/b~c\": null")));
    assertEquals(expected("line 11, column 35: \"resources[0].attributes.m\" must be either {\"$unknown\":true} or "
        + "{\"$ref\":\"type.name.attribute\"}, alone"),
        message(good("3", "").replace("\"cores\": 4", "\"x\": 1, \"m\": {\"$x\": 1}")));
  }

  @Test
  void pendingValuesAreNotState() {
    assertEquals(expected("line 11, column 31: \"resources[0].attributes.cores\" is a value not known yet; state "
        + "only records applied values"),
        message(good("3", "").replace("\"cores\": 4", "\"cores\": {\"$unknown\": true}")));
  }

  @Test
  void duplicateAddress() {
    String one = "{\"address\": \"a.b\", \"id\": \"1\", \"tainted\": false, \"dependencies\": [], \"attributes\": {}}";
    String text = "{\"version\": 1, \"lineage\": \"" + L + "\", \"serial\": 1, \"resources\": [\n"
        + one + ",\n" + one + "\n]}";
    assertEquals(expected("line 3, column 13: resource a.b is listed twice"), message(text));
  }

  @Test
  void duplicateKey() {
    assertEquals(expected("line 5, column 11: not valid JSON: Duplicate field 'serial'"),
        message(good("3", "").replace("  \"resources\"", "  \"serial\": 4,\n  \"resources\"")));
  }

  @Test
  void unknownKey() {
    assertEquals(expected("line 11, column 35: \"resources[0]\": unknown key \"attribtues\""),
        message(good("3", ", \"attribtues\": {}")));
  }

  @Test
  void handEditedGarbage() {
    assertEquals(expected("line 1, column 6: not valid JSON: Unrecognized token 'hello': was expecting "
        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"), message("hello world"));
    assertEquals(expected("line 1, column 1: the file must be an object"), message("[1, 2]"));
    assertEquals(expected("line 4, column 13: not valid JSON: Unexpected character (',' (code 44)): expected a "
        + "valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"), message(good("3", "").replace("\"serial\": 3", "\"serial\": ,")));
    assertEquals(expected("line 15, column 1: there is more text after the end of the JSON document"), message(good("3", "") + "{}"));
  }
}
