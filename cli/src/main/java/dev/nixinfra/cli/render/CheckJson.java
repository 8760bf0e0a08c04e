package dev.nixinfra.cli.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nixinfra.core.check.CheckReport;
import dev.nixinfra.core.check.PairResult;
import dev.nixinfra.core.check.StepResult;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * A check as one JSON document: {@code {"format_version":"1","passed":…,"pairs":[{"client","builder","passed",
 * "steps":[{"step","status":"passed|failed|not_run", "detail"|"cause","fix"|"reason"}]}]}}.
 */
public final class CheckJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintWriter out;

  public CheckJson(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  public void render(CheckReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", "1");
    root.put("passed", report.passed());
    ArrayNode pairs = root.putArray("pairs");
    for (PairResult p : report.pairs()) {
      ObjectNode pair = pairs.addObject();
      pair.put("client", p.client().toString());
      pair.put("builder", p.builder().toString());
      pair.put("passed", p.passed());
      ArrayNode steps = pair.putArray("steps");
      for (StepResult s : p.steps()) {
        ObjectNode step = steps.addObject();
        step.put("step", s.step().wire());
        if (s instanceof StepResult.Passed ok) {
          step.put("status", "passed").put("detail", ok.detail());
        } else if (s instanceof StepResult.Failed f) {
          step.put("status", "failed").put("cause", f.cause()).put("fix", f.fix());
        } else if (s instanceof StepResult.NotRun n) {
          step.put("status", "not_run").put("reason", n.reason());
        }
      }
    }
    out.println(root.toString());
    out.flush();
  }
}
