package dev.nixinfra.providers.hcloud.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link FakeHcloud#main(String[])} in its own JVM: the stdout protocol, seeding, and stopping on stdin EOF. */
class FakeHcloudProcessTest {
  @Test
  void runsAsAProcessUntilStdinCloses() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        FakeHcloud.class.getName(), "--token", "t0k", "--seed-servers", "60", "--stack", "bench",
        "--seed-type", "cax11", "--seed-location", "fsn1")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String listening = out.readLine();
      assertTrue(listening != null && listening.matches("listening \\d+"), String.valueOf(listening));
      assertEquals("token t0k", out.readLine());
      int port = Integer.parseInt(listening.substring("listening ".length()));
      TestClient api = new TestClient(URI.create("http://127.0.0.1:" + port + "/v1"), "t0k");
      TestClient.Res page1 = api.get("/servers?per_page=50&label_selector=nixinfra/stack%3Dbench");
      assertEquals(50, page1.json().get("servers").size());
      assertEquals(60, page1.json().at("/meta/pagination/total_entries").asInt());
      assertEquals("b1", page1.json().at("/servers/0/labels/nixinfra~1builder").asText());
      assertEquals("arm", page1.json().at("/servers/0/server_type/architecture").asText());
      api.get("/servers?per_page=50&page=2&label_selector=nixinfra/stack%3Dbench");
      api.get("/locations");

      p.getOutputStream().close();
      List<String> rest = new ArrayList<>();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        rest.add(line);
      }
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "exits after stdin EOF");
      assertEquals(0, p.exitValue());
      assertEquals(List.of("requests GET /servers 2", "requests GET /locations 1"), rest);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }
}
