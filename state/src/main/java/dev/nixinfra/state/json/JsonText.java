package dev.nixinfra.state.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One JSON document being read, plus the shared parse and print settings of every nixinfra JSON file.
 *
 * <p>Parsing is strict: duplicate keys and content after the document are errors. Values are checked on the tree;
 * because a tree has no positions, {@link #at} finds a value's line and column by scanning the text again for its
 * JSON pointer. That second scan happens only when there is an error to report.
 */
final class JsonText {
  static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Two-space indent, arrays one element a line, "\n" line ends on every platform: equal values, equal bytes. */
  private static final ObjectWriter PRINTER = MAPPER.writer(new DefaultPrettyPrinter()
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n"))
      .withSeparators(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator("")));

  private static final String CUT_SHORT = "the file ends in the middle of a value; it was cut short";

  private final String text;

  private JsonText(String text) {
    this.text = text;
  }

  /** Parses {@code text}; syntax errors carry Jackson's line and column. */
  static JsonValue parse(String text) throws InvalidJsonException {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonEOFException e) {
      throw located(e, CUT_SHORT);
    } catch (JsonProcessingException e) {
      if (String.valueOf(e.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
        throw located(e, CUT_SHORT);
      }
      if (String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
        throw located(e, "there is more text after the end of the JSON document");
      }
      throw located(e, firstLine(e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidJsonException(1, 1, "the file is empty");
    }
    return new JsonValue(new JsonText(text), root, JsonPointer.empty(), "");
  }

  /** Pretty, stable text of {@code node}, ending in a newline. */
  static String print(JsonNode node) {
    try {
      return PRINTER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("printing a JSON tree cannot fail", e);
    }
  }

  /** An error about the value at {@code pointer}, located at its first character when it can be found. */
  InvalidJsonException at(JsonPointer pointer, String problem) {
    return at(pointer, false, problem);
  }

  /**
   * An error about the value at {@code pointer}, or with {@code atKey} about the key naming it (for an unknown
   * key, say), located at its first character when it can be found.
   */
  InvalidJsonException at(JsonPointer pointer, boolean atKey, String problem) {
    JsonLocation where = find(pointer, atKey);
    return where == null
        ? new InvalidJsonException(0, 0, problem)
        : new InvalidJsonException(where.getLineNr(), where.getColumnNr(), problem);
  }

  private JsonLocation find(JsonPointer pointer, boolean atKey) {
    try (JsonParser p = MAPPER.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY || (t == JsonToken.FIELD_NAME) != atKey) {
          continue;
        }
        // For a container start the context is the new container, whose path is the container's own.
        if (p.getParsingContext().pathAsPointer().equals(pointer)) {
          return p.currentTokenLocation();
        }
      }
    } catch (IOException e) {
      return null; // only reached for text that parsed before, so never in practice
    }
    return null;
  }

  private static InvalidJsonException located(JsonProcessingException e, String problem) {
    JsonLocation l = e.getLocation();
    return l == null
        ? new InvalidJsonException(0, 0, problem)
        : new InvalidJsonException(l.getLineNr(), l.getColumnNr(), problem);
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "the file is not valid JSON";
    }
    int nl = message.indexOf('\n');
    return "not valid JSON: " + (nl < 0 ? message : message.substring(0, nl));
  }
}
