package dev.nixinfra.core.config;

import dev.nixinfra.core.diag.Diagnostics;
import dev.nixinfra.core.diag.SourceLocation;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** What every reader of one config file shares: the file's display name, the environment, and the diagnostics. */
final class YamlContext {
  final String file;
  final Map<String, String> env;
  final Diagnostics diagnostics = new Diagnostics();

  YamlContext(String file, Map<String, String> env) {
    this.file = file;
    this.env = env;
  }

  /** SnakeYAML marks are 0-based; locations are 1-based, as editors show them. */
  SourceLocation at(Mark mark) {
    return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  SourceLocation at(Node node) {
    return at(node.getStartMark());
  }

  void error(Node node, String summary, String detail) {
    diagnostics.error(at(node), summary, detail);
  }

  void warning(Node node, String summary, String detail) {
    diagnostics.warning(at(node), summary, detail);
  }

  int errorCount() {
    return (int) diagnostics.toList().stream().filter(d -> d.isError()).count();
  }
}
