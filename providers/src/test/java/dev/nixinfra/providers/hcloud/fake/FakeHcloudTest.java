package dev.nixinfra.providers.hcloud.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nixinfra.providers.hcloud.fake.TestClient.Res;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's endpoints answer in the real API's shapes and keep its rules; checked with a plain HttpClient. */
class FakeHcloudTest {
  static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAtfIJOIeT8CuYkxCqhyLUBGxAGFvGO4wfDEbUHSuTAI test@nixinfra";
  /** From {@code ssh-keygen -l -E md5} for {@link #KEY}. */
  static final String KEY_MD5 = "2a:d4:8f:d1:2f:dd:8d:e9:78:1f:24:b1:a8:bc:34:64";
  static final String OTHER_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGCoICzaYDOXRYxbdb54Ufy3J1C5f3wbevfZxtWJHIqY other";

  FakeHcloud fake;
  TestClient api;

  @BeforeEach
  void start() {
    fake = FakeHcloud.start();
    api = new TestClient(fake);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  static String createBody(String name, String type, String location, String image) {
    return "{\"name\":\"" + name + "\",\"server_type\":\"" + type + "\",\"location\":\"" + location
        + "\",\"image\":\"" + image + "\",\"labels\":{\"nixinfra/stack\":\"s\"}}";
  }

  /** Every field name of {@code fixture} (recursively, first array item only) is present in {@code actual}. */
  static void assertHasFieldsOf(JsonNode fixture, JsonNode actual, String where) {
    for (Iterator<String> it = fixture.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      assertTrue(actual.has(f), where + "." + f + " missing in " + actual);
      JsonNode fx = fixture.get(f);
      JsonNode ac = actual.get(f);
      if (fx.isObject() && ac.isObject() && !f.equals("labels")) {
        assertHasFieldsOf(fx, ac, where + "." + f);
      } else if (fx.isArray() && ac.isArray() && fx.size() > 0 && ac.size() > 0 && fx.get(0).isObject()) {
        assertHasFieldsOf(fx.get(0), ac.get(0), where + "." + f + "[0]");
      }
    }
  }

  @Test
  void missingOrWrongTokenIsUnauthorized() {
    Res none = new TestClient(fake.endpoint(), null).get("/servers");
    Res wrong = new TestClient(fake.endpoint(), "nope").get("/servers");
    for (Res r : List.of(none, wrong)) {
      assertEquals(401, r.status());
      assertEquals("unauthorized", r.json().at("/error/code").asText());
      assertEquals("unable to authenticate", r.json().at("/error/message").asText());
    }
    assertEquals(404, api.get("/nothing").status());
    assertEquals("not_found", api.get("/nothing").json().at("/error/code").asText());
  }

  @Test
  void catalogueSellsArmInEuropeAndX86Everywhere() {
    JsonNode types = api.get("/server_types?per_page=50").json();
    assertHasFieldsOf(TestClient.fixture("server_types_list_x86_arm.json"), types, "server_types");
    Map<String, JsonNode> byName = new java.util.HashMap<>();
    types.get("server_types").forEach(t -> byName.put(t.get("name").asText(), t));
    for (String arm : List.of("cax11", "cax21", "cax31")) {
      assertEquals("arm", byName.get(arm).get("architecture").asText());
      Set<String> locs = new HashSet<>();
      byName.get(arm).get("locations").forEach(l -> {
        if (l.get("available").asBoolean()) {
          locs.add(l.get("name").asText());
        }
      });
      assertEquals(Set.of("fsn1", "nbg1", "hel1"), locs, arm);
    }
    for (String x86 : List.of("cx22", "cpx21", "ccx13", "cpx22")) {
      assertEquals("x86", byName.get(x86).get("architecture").asText());
    }
    assertEquals(45, api.get("/server_types?name=cax11").json().at("/server_types/0/id").asInt());
    assertEquals("cax11", api.get("/server_types/45").json().at("/server_type/name").asText());

    JsonNode locations = api.get("/locations").json();
    assertHasFieldsOf(TestClient.fixture("locations_list.json"), locations, "locations");
    assertEquals(6, locations.at("/meta/pagination/total_entries").asInt());
    assertEquals("FI", api.get("/locations?name=hel1").json().at("/locations/0/country").asText());

    JsonNode images = api.get("/images?type=system&name=ubuntu-24.04&architecture=arm").json();
    assertEquals(1, images.get("images").size());
    assertEquals("arm", images.at("/images/0/architecture").asText());
    assertEquals("system", images.at("/images/0/type").asText());
    for (String arch : List.of("x86", "arm")) {
      assertEquals(1, api.get("/images?name=debian-12&architecture=" + arch).json().get("images").size());
    }
    assertEquals(0, api.get("/images?type=snapshot").json().get("images").size());
    JsonNode fixtureImages = TestClient.fixture("images_list.json");
    assertHasFieldsOf(fixtureImages, api.get("/images").json(), "images");
  }

  @Test
  void createReturnsServerActionAndNextActions() {
    api.post("/ssh_keys", "{\"name\":\"k\",\"public_key\":\"" + KEY + "\"}");
    Res r = api.post("/servers", "{\"name\":\"b1\",\"server_type\":\"cax11\",\"location\":\"hel1\","
        + "\"image\":\"ubuntu-24.04\",\"ssh_keys\":[\"k\"],\"labels\":{\"nixinfra/stack\":\"s\"}}");
    assertEquals(201, r.status());
    JsonNode s = r.json().get("server");
    assertHasFieldsOf(TestClient.fixture("server_get_no_datacenter.json").get("server"), s, "server");
    assertFalse(s.has("datacenter"));
    assertEquals("initializing", s.get("status").asText());
    assertEquals("cax11", s.at("/server_type/name").asText());
    assertEquals("arm", s.at("/server_type/architecture").asText());
    assertEquals("hel1", s.at("/location/name").asText());
    assertEquals("ubuntu-24.04", s.at("/image/name").asText());
    assertEquals("arm", s.at("/image/architecture").asText());
    assertTrue(s.at("/public_net/ipv4/ip").asText().matches("\\d+\\.\\d+\\.\\d+\\.\\d+"));
    assertTrue(s.at("/public_net/ipv6/ip").asText().endsWith("::/64"));
    assertFalse(s.at("/protection/delete").asBoolean());
    assertEquals("s", s.at("/labels/nixinfra~1stack").asText());
    JsonNode action = r.json().get("action");
    assertHasFieldsOf(TestClient.fixture("action_running.json").get("action"), action, "action");
    assertEquals("create_server", action.get("command").asText());
    assertEquals("running", action.get("status").asText());
    assertEquals(s.get("id").asLong(), action.at("/resources/0/id").asLong());
    assertEquals("server", action.at("/resources/0/type").asText());
    assertEquals("start_server", r.json().at("/next_actions/0/command").asText());
    assertTrue(r.json().get("root_password").isNull(), "no root password when SSH keys are given");

    api.waitFor(action.get("id").asLong());
    api.waitFor(r.json().at("/next_actions/0/id").asLong());
    Res got = api.get("/servers/" + s.get("id").asLong());
    assertEquals("running", got.json().at("/server/status").asText());
    assertEquals(1, fake.servers().size());
    assertEquals("arm", fake.servers().get(0).architecture());

    Res noKeys = api.post("/servers", createBody("b2", "cx22", "nbg1", "debian-12"));
    assertTrue(noKeys.json().get("root_password").isTextual());
  }

  @Test
  void createRejectsWhatTheApiRejects() {
    Res dc = api.post("/servers", "{\"name\":\"a\",\"server_type\":\"cx22\",\"image\":\"ubuntu-24.04\","
        + "\"datacenter\":\"nbg1-dc3\"}");
    assertEquals(422, dc.status());
    assertEquals("invalid_input", dc.json().at("/error/code").asText());
    assertEquals("datacenter", dc.json().at("/error/details/fields/0/name").asText());

    Res type = api.post("/servers", createBody("a", "cx99", "nbg1", "ubuntu-24.04"));
    assertEquals("invalid_input", type.json().at("/error/code").asText());
    Res where = api.post("/servers", createBody("a", "cax11", "ash", "ubuntu-24.04"));
    assertEquals(422, where.status());
    assertTrue(where.json().at("/error/message").asText().contains("unsupported location"));
    Res image = api.post("/servers", createBody("a", "cax11", "fsn1", "ubuntu-20.04"));
    assertEquals("image", image.json().at("/error/details/fields/0/name").asText());
    Res x86ImageOnArm = api.post("/servers", createBody("a", "cax11", "fsn1", "161547269"));
    assertEquals("invalid_input", x86ImageOnArm.json().at("/error/code").asText());

    fake.setAvailability("cax21", "nbg1", false);
    Res soldOut = api.post("/servers", createBody("a", "cax21", "nbg1", "ubuntu-24.04"));
    assertEquals(412, soldOut.status());
    assertEquals("resource_unavailable", soldOut.json().at("/error/code").asText());
    assertFalse(api.get("/server_types?name=cax21").json().at("/server_types/0/locations/1/available")
        .asBoolean());
    fake.setAvailability("cax21", "nbg1", true);
    assertEquals(201, api.post("/servers", createBody("a", "cax21", "nbg1", "ubuntu-24.04")).status());

    Res dup = api.post("/servers", createBody("a", "cx22", "nbg1", "ubuntu-24.04"));
    assertEquals(409, dup.status());
    assertEquals(TestClient.fixture("error_uniqueness_server_name.json").get("error").get("message"),
        dup.json().at("/error/message"));
    assertEquals("uniqueness_error", dup.json().at("/error/code").asText());
    assertEquals(1, fake.servers().size());
    assertEquals(400, api.post("/servers", "{nope").status());
  }

  @Test
  void labelSelectorsFilterServers() {
    fake.putServer("a", "cx22", "nbg1", "ubuntu-24.04", Map.of("stack", "s", "role", "builder"));
    fake.putServer("b", "cx22", "nbg1", "ubuntu-24.04", Map.of("stack", "s"));
    fake.putServer("c", "cax11", "fsn1", "debian-12", Map.of("stack", "t", "role", "client"));
    assertEquals(List.of("a", "b"), names("label_selector=stack%3Ds"));
    assertEquals(List.of("a"), names("label_selector=stack%3D%3Ds,role"));
    assertEquals(List.of("b"), names("label_selector=stack%3Ds,!role"));
    assertEquals(List.of("b", "c"), names("label_selector=role!%3Dbuilder"));
    assertEquals(List.of("a", "c"), names("label_selector=role%20in%20(builder,client)"));
    assertEquals(List.of("c"), names("name=c"));
    assertEquals(List.of(), names("name=zzz"));
    assertEquals(422, api.get("/servers?label_selector=%3Dx").status());
  }

  private List<String> names(String query) {
    List<String> out = new ArrayList<>();
    api.get("/servers?" + query).json().get("servers").forEach(s -> out.add(s.get("name").asText()));
    return out;
  }

  @Test
  void listsArePaginatedLikeTheApi() {
    fake.seedServers("big", 60, "cx22", "nbg1", "ubuntu-24.04");
    JsonNode first = api.get("/servers").json();
    assertEquals(25, first.get("servers").size());
    assertHasFieldsOf(TestClient.fixture("servers_list_page1.json").get("meta"), first.get("meta"), "meta");
    JsonNode p = first.at("/meta/pagination");
    assertEquals(1, p.get("page").asInt());
    assertEquals(25, p.get("per_page").asInt());
    assertTrue(p.get("previous_page").isNull());
    assertEquals(2, p.get("next_page").asInt());
    assertEquals(3, p.get("last_page").asInt());
    assertEquals(60, p.get("total_entries").asInt());

    JsonNode capped = api.get("/servers?per_page=100&page=2").json();
    assertEquals(10, capped.get("servers").size());
    assertEquals(50, capped.at("/meta/pagination/per_page").asInt());
    assertEquals(1, capped.at("/meta/pagination/previous_page").asInt());
    assertTrue(capped.at("/meta/pagination/next_page").isNull());
    assertEquals(0, api.get("/servers?page=9").json().get("servers").size());
    assertEquals(422, api.get("/servers?page=0").status());

    fake.resetCounts();
    int pages = 0;
    Integer page = 1;
    while (page != null) {
      JsonNode next = api.get("/servers?per_page=50&page=" + page + "&label_selector=nixinfra/stack%3Dbig")
          .json().at("/meta/pagination/next_page");
      page = next.isNull() ? null : next.asInt();
      pages++;
    }
    assertEquals(2, pages);
    assertEquals(2, fake.countExact("GET", "/servers"));
    assertTrue(fake.requests().get(0).query().contains("per_page=50"));
  }

  @Test
  void putReplacesTheWholeLabelSetAndKeepsNamesUnique() {
    long id = fake.putServer("a", "cx22", "nbg1", "ubuntu-24.04", Map.of("x", "1", "y", "2")).id();
    fake.putServer("b", "cx22", "nbg1", "ubuntu-24.04", Map.of());
    Res r = api.put("/servers/" + id, "{\"labels\":{\"z\":\"3\"}}");
    assertEquals(200, r.status());
    assertEquals(Map.of("z", "3"), fake.server(id).orElseThrow().labels());
    assertEquals("a", r.json().at("/server/name").asText());
    assertEquals(409, api.put("/servers/" + id, "{\"name\":\"b\"}").status());
    assertEquals("c", api.put("/servers/" + id, "{\"name\":\"c\"}").json().at("/server/name").asText());
    assertEquals(404, api.put("/servers/1", "{\"name\":\"d\"}").status());
  }

  @Test
  void deleteIsRefusedUnderProtection() {
    long id = fake.putServer("a", "cx22", "nbg1", "ubuntu-24.04", Map.of(), true, false).id();
    assertTrue(api.get("/servers/" + id).json().at("/server/protection/delete").asBoolean());
    Res refused = api.delete("/servers/" + id);
    assertEquals(423, refused.status());
    assertEquals("protected", refused.json().at("/error/code").asText());
    assertEquals(1, fake.servers().size());
    fake.setProtection(id, false, false);
    Res ok = api.delete("/servers/" + id);
    assertEquals(200, ok.status());
    assertEquals("delete_server", ok.json().at("/action/command").asText());
    Res gone = api.get("/servers/" + id);
    assertEquals(404, gone.status());
    assertEquals("not_found", gone.json().at("/error/code").asText());
    assertEquals(1, api.waitFor(ok.json().at("/action/id").asLong()));

    long other = fake.putServer("b", "cx22", "nbg1", "ubuntu-24.04", Map.of(), true, true).id();
    assertTrue(fake.deleteServerOutside(other));
    assertFalse(fake.deleteServerOutside(other));
  }

  @Test
  void changeTypeNeedsAStoppedServerAndAValidType() {
    long id = fake.putServer("a", "cx22", "nbg1", "ubuntu-24.04", Map.of()).id();
    String path = "/servers/" + id + "/actions/";
    Res running = api.post(path + "change_type", "{\"server_type\":\"cx32\",\"upgrade_disk\":false}");
    assertEquals(409, running.status());
    assertEquals("server_not_stopped", running.json().at("/error/code").asText());

    Res shutdown = api.post(path + "shutdown", "{}");
    assertEquals(201, shutdown.status());
    assertEquals("shutdown_server", shutdown.json().at("/action/command").asText());
    Res locked = api.post(path + "poweroff", "{}");
    assertEquals(423, locked.status());
    assertEquals("locked", locked.json().at("/error/code").asText());
    api.waitFor(shutdown.json().at("/action/id").asLong());
    assertEquals("off", fake.server(id).orElseThrow().status());

    assertEquals("invalid_server_type",
        api.post(path + "change_type", "{\"server_type\":\"cax21\",\"upgrade_disk\":false}").json()
            .at("/error/code").asText());
    assertEquals("invalid_server_type",
        api.post(path + "change_type", "{\"server_type\":\"nope\",\"upgrade_disk\":false}").json()
            .at("/error/code").asText());
    assertEquals("invalid_input",
        api.post(path + "change_type", "{\"server_type\":\"cx32\"}").json().at("/error/code").asText());

    Res change = api.post(path + "change_type", "{\"server_type\":\"cx32\",\"upgrade_disk\":false}");
    assertEquals(201, change.status());
    assertEquals("change_server_type", change.json().at("/action/command").asText());
    assertEquals("cx22", fake.server(id).orElseThrow().serverType(), "changed only when the action is done");
    api.waitFor(change.json().at("/action/id").asLong());
    JsonNode s = api.get("/servers/" + id).json().get("server");
    assertEquals("cx32", s.at("/server_type/name").asText());
    assertEquals(40, s.get("primary_disk_size").asInt(), "disk kept without upgrade_disk");

    Res on = api.post(path + "poweron", "{}");
    assertEquals("start_server", on.json().at("/action/command").asText());
    api.waitFor(on.json().at("/action/id").asLong());
    assertEquals("running", fake.server(id).orElseThrow().status());

    JsonNode actions = api.get("/servers/" + id + "/actions").json();
    assertEquals(3, actions.get("actions").size());
    assertNotNull(actions.at("/meta/pagination/total_entries"));
  }

  @Test
  void actionsRunForTheConfiguredPollsOrDuration() throws Exception {
    fake.close();
    fake = FakeHcloud.start(Options.builder().actionPolls(3).build());
    api = new TestClient(fake);
    long id = fake.putServer("a", "cx22", "nbg1", "ubuntu-24.04", Map.of()).id();
    long action = api.post("/servers/" + id + "/actions/poweroff", "{}").json().at("/action/id").asLong();
    assertEquals("stopping", fake.server(id).orElseThrow().status());
    assertEquals(3, api.waitFor(action));
    JsonNode done = api.get("/actions/" + action).json().get("action");
    assertEquals(100, done.get("progress").asInt());
    assertFalse(done.get("finished").isNull());
    assertEquals("off", fake.server(id).orElseThrow().status());
    JsonNode list = api.get("/actions?id=" + action + "&id=999").json();
    assertEquals(1, list.get("actions").size());
    assertEquals(422, api.get("/actions").status());
    assertEquals(404, api.get("/actions/999").status());

    fake.close();
    fake = FakeHcloud.start(Options.builder().actionDuration(java.time.Duration.ofMillis(300)).build());
    api = new TestClient(fake);
    id = fake.putServer("a", "cx22", "nbg1", "ubuntu-24.04", Map.of()).id();
    action = api.post("/servers/" + id + "/actions/poweroff", "{}").json().at("/action/id").asLong();
    for (int i = 0; i < 5; i++) {
      assertEquals("running", api.get("/actions/" + action).json().at("/action/status").asText());
    }
    Thread.sleep(350);
    assertEquals("success", api.get("/actions/" + action).json().at("/action/status").asText());
  }

  @Test
  void sshKeysHaveMd5FingerprintsAndUniqueKeysAndNames() {
    Res r = api.post("/ssh_keys", "{\"name\":\"k1\",\"public_key\":\"" + KEY + "\",\"labels\":{\"a\":\"b\"}}");
    assertEquals(201, r.status());
    assertHasFieldsOf(TestClient.fixture("ssh_key_create.json"), r.json(), "");
    assertEquals(KEY_MD5, r.json().at("/ssh_key/fingerprint").asText());
    long id = r.json().at("/ssh_key/id").asLong();

    Res sameKey = api.post("/ssh_keys", "{\"name\":\"k2\",\"public_key\":\"" + KEY + "\"}");
    assertEquals(409, sameKey.status());
    assertEquals(TestClient.fixture("error_uniqueness_ssh_key.json"), sameKey.json());
    Res sameName = api.post("/ssh_keys", "{\"name\":\"k1\",\"public_key\":\"" + OTHER_KEY + "\"}");
    assertEquals(409, sameName.status());
    assertEquals("uniqueness_error", sameName.json().at("/error/code").asText());
    assertEquals(422, api.post("/ssh_keys", "{\"name\":\"k3\",\"public_key\":\"garbage\"}").status());

    assertEquals(1, api.get("/ssh_keys?fingerprint=" + KEY_MD5).json().get("ssh_keys").size());
    assertEquals(1, api.get("/ssh_keys?name=k1").json().get("ssh_keys").size());
    assertEquals(1, api.get("/ssh_keys?label_selector=a%3Db").json().get("ssh_keys").size());
    assertEquals(0, api.get("/ssh_keys?label_selector=!a").json().get("ssh_keys").size());
    assertHasFieldsOf(TestClient.fixture("ssh_keys_list.json"), api.get("/ssh_keys").json(), "");

    Res updated = api.put("/ssh_keys/" + id, "{\"name\":\"renamed\",\"labels\":{\"c\":\"d\"}}");
    assertEquals("renamed", updated.json().at("/ssh_key/name").asText());
    assertEquals(Map.of("c", "d"), fake.sshKeys().get(0).labels());
    assertEquals(KEY_MD5, api.get("/ssh_keys/" + id).json().at("/ssh_key/fingerprint").asText());
    Res deleted = api.delete("/ssh_keys/" + id);
    assertEquals(204, deleted.status());
    assertEquals(404, api.get("/ssh_keys/" + id).status());
    assertEquals(404, api.delete("/ssh_keys/" + id).status());
  }

  @Test
  void everyAnswerCarriesRateLimitHeadersAndTheBudgetRunsOut() {
    fake.close();
    fake = FakeHcloud.start(Options.builder().rateLimit(3).build());
    api = new TestClient(fake);
    Res first = api.get("/locations");
    assertEquals("3", first.header("RateLimit-Limit"));
    assertEquals("2", first.header("RateLimit-Remaining"));
    long reset = Long.parseLong(first.header("RateLimit-Reset"));
    assertTrue(reset > System.currentTimeMillis() / 1000, "reset lies in the future while the budget refills");
    api.get("/locations");
    api.get("/locations");
    Res limited = api.get("/locations");
    assertEquals(429, limited.status());
    assertEquals("0", limited.header("RateLimit-Remaining"));
    assertEquals("rate_limit_exceeded", limited.json().at("/error/code").asText());
    assertEquals("application/json", limited.header("Content-Type"));

    fake.setRateLimitRemaining(3);
    assertEquals(200, api.get("/locations").status());
  }
}
