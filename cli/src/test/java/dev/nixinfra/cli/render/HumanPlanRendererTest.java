package dev.nixinfra.cli.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nixinfra.core.plan.Plan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HumanPlanRendererTest {
  static String render(Plan plan, Style style) {
    StringWriter s = new StringWriter();
    new HumanPlanRenderer(new PrintWriter(s), style).render(plan);
    return s.toString();
  }

  static Stream<Arguments> goldens() {
    return Stream.of(
        Arguments.of("create-fleet", (Supplier<Plan>) Plans::createFleet),
        Arguments.of("update-hidden", (Supplier<Plan>) Plans::updateHidden),
        Arguments.of("replace-forced", (Supplier<Plan>) Plans::replaceForced),
        Arguments.of("replace-tainted", (Supplier<Plan>) Plans::replaceTainted),
        Arguments.of("replace-requested", (Supplier<Plan>) Plans::replaceRequested),
        Arguments.of("delete-not-in-config", (Supplier<Plan>) Plans::deleteNotInConfig),
        Arguments.of("destroy", (Supplier<Plan>) Plans::destroy),
        Arguments.of("destroy-nothing", (Supplier<Plan>) Plans::destroyNothing),
        Arguments.of("drift", (Supplier<Plan>) Plans::drift),
        Arguments.of("no-changes", (Supplier<Plan>) Plans::noChanges),
        Arguments.of("disruptive-update", (Supplier<Plan>) Plans::disruptiveUpdate),
        Arguments.of("mixed", (Supplier<Plan>) Plans::mixed),
        Arguments.of("file-edits", (Supplier<Plan>) Plans::fileEdits));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void matchesGoldenFile(String name, Supplier<Plan> plan) throws Exception {
    Golden.assertMatches(name, render(plan.get(), Style.PLAIN));
  }

  @Test
  void colourGoldenFile() throws Exception {
    Golden.assertMatches("mixed-colour", render(Plans.mixed(), Style.ANSI));
  }

  @Test
  void plainHasNoEscapeCodesAndColourHasThem() {
    assertFalse(render(Plans.mixed(), Style.PLAIN).contains("\u001b"));
    String colour = render(Plans.mixed(), Style.ANSI);
    assertTrue(colour.contains("\u001b[32m+\u001b[0m"), colour);
    assertTrue(colour.contains("\u001b[31m-\u001b[0m/\u001b[32m+\u001b[0m"), colour);
  }

  @Test
  void colourOnlyAddsEscapeCodes() {
    String stripped = render(Plans.drift(), Style.ANSI).replaceAll("\u001b\\[[0-9;]*m", "");
    org.junit.jupiter.api.Assertions.assertEquals(render(Plans.drift(), Style.PLAIN), stripped);
  }

  @Test
  void legendListsOnlyTheSymbolsUsed() {
    String out = render(Plans.updateHidden(), Style.PLAIN);
    assertTrue(out.contains("  ~ update in-place\n"));
    assertFalse(out.contains("  + create\n"));
    assertFalse(out.contains("-/+ destroy and then create replacement\n"));
    assertFalse(out.contains("  - destroy\n"));
  }

  @Test
  void warningsNotTiedToAnAttributeGoAboveTheBlock() {
    var prior = Plans.builder(4, java.util.List.of("aarch64-linux"));
    Plan plan = Plans.plan(new dev.nixinfra.core.plan.Change.Update(Plans.BUILDER, prior, prior.with("max_jobs", 8L),
        Plans.deps(), java.util.List.of("running builds are cut off when the daemon restarts")));
    String out = render(plan, Style.PLAIN);
    assertTrue(out.contains("  # builder.arm1 will be updated in-place\n"
        + "  # running builds are cut off when the daemon restarts\n"
        + "  ~ resource \"builder\" \"arm1\" {\n"
        + "      ~ max_jobs = 4 -> 8\n"), out);
  }

  @Test
  void onlyDriftSaysTheConfigurationAlreadyMatches() {
    Plan plan = Plans.plan(dev.nixinfra.core.plan.PlanMode.NORMAL, java.util.List.of(),
        Plans.drift().drift(), java.util.List.of());
    String out = render(plan, Style.PLAIN);
    assertTrue(out.startsWith("Note: Objects have changed outside of nixinfra\n"), out);
    assertTrue(out.endsWith("No changes. Your infrastructure matches the configuration.\n\n"
        + "Your configuration already matches the changes detected above.\n"), out);
  }
}
