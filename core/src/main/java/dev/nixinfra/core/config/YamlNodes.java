package dev.nixinfra.core.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Small facts about composed YAML nodes, for typed reading and for messages. */
final class YamlNodes {
  private YamlNodes() {}

  static boolean isNull(Node n) {
    return n == null || (n instanceof ScalarNode && Tag.NULL.equals(n.getTag()));
  }

  static boolean isScalar(Node n, Tag tag) {
    return n instanceof ScalarNode && tag.equals(n.getTag());
  }

  static String text(Node n) {
    return ((ScalarNode) n).getValue();
  }

  /** What the user wrote, in words: "a string", "a list", for "must be X, not Y" messages. */
  static String describe(Node n) {
    if (isNull(n)) {
      return "empty";
    }
    if (n instanceof MappingNode) {
      return "a map";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    Tag t = n.getTag();
    if (Tag.INT.equals(t)) {
      return "a whole number";
    }
    if (Tag.FLOAT.equals(t)) {
      return "a decimal number";
    }
    if (Tag.BOOL.equals(t)) {
      return "true/false";
    }
    if (Tag.STR.equals(t)) {
      return "a string";
    }
    return "a value tagged " + t.getValue();
  }
}
