package dev.nixinfra.providers.hcloud.api;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Creating, deleting and resizing servers, and waiting for the actions they start. */
class ServerLifecycleIT extends HcloudWireMock {
  static final CreateServer REQUEST = new CreateServer("my-server", "cpx22", "ubuntu-24.04", "nbg1", List.of(4711L),
      FixturesIT.FIXTURE_LABELS);

  /** server_create_request.json without the options nixinfra does not use, and with the SSH key by id. */
  static String expectedCreateBody() {
    ObjectNode body = tree("server_create_request.json");
    body.remove(List.of("automount", "firewalls", "networks", "placement_group", "public_net", "user_data",
        "volumes"));
    body.putArray("ssh_keys").add(4711);
    return body.toString();
  }

  private static String serverWithStatus(String status, String type) {
    ObjectNode body = tree("server_get_no_datacenter.json");
    ((ObjectNode) body.get("server")).put("status", status);
    ((ObjectNode) body.get("server").get("server_type")).put("name", type);
    return body.toString();
  }

  @Test
  void createSendsTheDocumentedBodyAndWaitsForCreationAndStart() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/v1/servers")).willReturn(fixtureResponse(201, "server_create.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/actions/1")).willReturn(fixtureResponse(200, "action_success.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/actions/13")).inScenario("start").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("started").willReturn(fixtureResponse(200, "action_running.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/actions/13")).inScenario("start").whenScenarioStateIs("started")
        .willReturn(fixtureResponse(200, "action_success.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/servers/42")).willReturn(fixtureResponse(200, "server_get.json")));

    Server s = api.createServer(REQUEST);

    assertEquals(42, s.id());
    assertEquals("running", s.status());
    // Exact match: location and never datacenter, SSH keys as numbers, start_after_create.
    wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/servers"))
        .withRequestBody(equalToJson(expectedCreateBody())));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/actions/1")));
    wm.verify(2, getRequestedFor(urlPathEqualTo("/v1/actions/13")));
    assertEquals(5, api.requestCount());
  }

  @Test
  void anImageOfDigitsIsSentAsAnId() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/v1/servers")).willReturn(json(201,
        "{\"server\":" + tree("server_get.json").get("server") + ",\"action\":" + successAction(1, "create_server")
            .replaceFirst("^\\{\"action\":", "").replaceFirst("}$", "") + ",\"next_actions\":[]}")));
    wm.stubFor(get(urlPathEqualTo("/v1/servers/42")).willReturn(fixtureResponse(200, "server_get.json")));
    api.createServer(new CreateServer("b", "cax11", "114690387", "fsn1", List.of(), Map.of()));
    wm.verify(postRequestedFor(urlPathEqualTo("/v1/servers")).withRequestBody(equalToJson(
        "{\"name\":\"b\",\"server_type\":\"cax11\",\"image\":114690387,\"location\":\"fsn1\",\"ssh_keys\":[],"
            + "\"labels\":{},\"start_after_create\":true}")));
  }

  @Test
  void aFailedActionFailsWithItsCode() {
    wm.stubFor(delete(urlPathEqualTo("/v1/servers/42")).willReturn(fixtureResponse(200, "server_delete.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/actions/42")).inScenario("a").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("failed").willReturn(fixtureResponse(200, "action_running.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/actions/42")).inScenario("a").whenScenarioStateIs("failed")
        .willReturn(fixtureResponse(200, "action_error.json")));
    HcloudException e = assertThrows(HcloudException.class, () -> api.deleteServer(42));
    assertEquals("action_failed", e.code());
    assertEquals("Hetzner Cloud action command (42) failed: action_failed: Action failed", e.getMessage());
    wm.verify(2, getRequestedFor(urlPathEqualTo("/v1/actions/42")));
  }

  @Test
  void deleteWaitsForTheDeletion() throws Exception {
    wm.stubFor(delete(urlPathEqualTo("/v1/servers/42")).willReturn(fixtureResponse(200, "server_delete.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/actions/42")).willReturn(fixtureResponse(200, "action_success.json")));
    api.deleteServer(42);
    wm.verify(1, deleteRequestedFor(urlPathEqualTo("/v1/servers/42")));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/actions/42")));
  }

  @Test
  void deletingAServerThatIsGoneSucceeds() throws Exception {
    wm.stubFor(delete(urlPathEqualTo("/v1/servers/42")).willReturn(fixtureResponse(404,
        "error_not_found_hcloud_go.json")));
    api.deleteServer(42);
    assertEquals(1, api.requestCount());
  }

  @Test
  void changeTypeShutsDownChangesWithoutDiskUpgradeAndPowersOn() throws Exception {
    String path = "/v1/servers/42";
    wm.stubFor(get(urlPathEqualTo(path)).inScenario("resize").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(json(200, serverWithStatus("running", "cpx22"))));
    wm.stubFor(post(urlPathEqualTo(path + "/actions/shutdown")).inScenario("resize")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("stopping")
        .willReturn(json(201, successAction(10, "shutdown_server"))));
    // The first status poll still sees it stopping; the second sees it off.
    wm.stubFor(get(urlPathEqualTo(path)).inScenario("resize").whenScenarioStateIs("stopping")
        .willSetStateTo("off").willReturn(json(200, serverWithStatus("stopping", "cpx22"))));
    wm.stubFor(get(urlPathEqualTo(path)).inScenario("resize").whenScenarioStateIs("off")
        .willReturn(json(200, serverWithStatus("off", "cpx22"))));
    wm.stubFor(post(urlPathEqualTo(path + "/actions/change_type")).inScenario("resize")
        .whenScenarioStateIs("off").willSetStateTo("resized")
        .willReturn(fixtureResponse(201, "server_change_type.json")));
    wm.stubFor(post(urlPathEqualTo(path + "/actions/poweron")).inScenario("resize")
        .whenScenarioStateIs("resized").willSetStateTo("on")
        .willReturn(fixtureResponse(201, "server_poweron.json")));
    wm.stubFor(get(urlPathEqualTo(path)).inScenario("resize").whenScenarioStateIs("on")
        .willReturn(json(200, serverWithStatus("running", "cpx32"))));
    wm.stubFor(get(urlPathEqualTo("/v1/actions/13")).willReturn(fixtureResponse(200, "action_success.json")));

    Server s = api.changeServerType(42, "cpx32");

    assertEquals("cpx32", s.serverType());
    assertEquals("running", s.status());
    wm.verify(1, postRequestedFor(urlPathEqualTo(path + "/actions/shutdown")));
    wm.verify(0, postRequestedFor(urlPathEqualTo(path + "/actions/poweroff")));
    wm.verify(1, postRequestedFor(urlPathEqualTo(path + "/actions/change_type"))
        .withRequestBody(equalToJson("{\"server_type\":\"cpx32\",\"upgrade_disk\":false}")));
    wm.verify(1, postRequestedFor(urlPathEqualTo(path + "/actions/poweron")));
    wm.verify(2, getRequestedFor(urlPathEqualTo("/v1/actions/13")));
  }

  @Test
  void aServerThatIgnoresTheShutdownIsPoweredOffAfterTheDeadline() throws Exception {
    String path = "/v1/servers/42";
    wm.stubFor(get(urlPathEqualTo(path)).inScenario("stubborn").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(json(200, serverWithStatus("running", "cpx22"))));
    wm.stubFor(post(urlPathEqualTo(path + "/actions/shutdown"))
        .willReturn(json(201, successAction(10, "shutdown_server"))));
    wm.stubFor(post(urlPathEqualTo(path + "/actions/poweroff")).inScenario("stubborn").willSetStateTo("off")
        .willReturn(fixtureResponse(201, "server_poweroff.json")));
    wm.stubFor(get(urlPathEqualTo(path)).inScenario("stubborn").whenScenarioStateIs("off")
        .willReturn(json(200, serverWithStatus("off", "cpx22"))));
    wm.stubFor(post(urlPathEqualTo(path + "/actions/change_type"))
        .willReturn(fixtureResponse(201, "server_change_type.json")));
    wm.stubFor(post(urlPathEqualTo(path + "/actions/poweron"))
        .willReturn(json(201, successAction(14, "start_server"))));
    wm.stubFor(get(urlPathEqualTo("/v1/actions/13")).willReturn(fixtureResponse(200, "action_success.json")));

    api.changeServerType(42, "cpx32");

    wm.verify(1, postRequestedFor(urlPathEqualTo(path + "/actions/poweroff")));
    wm.verify(1, postRequestedFor(urlPathEqualTo(path + "/actions/change_type")));
    wm.verify(1, postRequestedFor(urlPathEqualTo(path + "/actions/poweron")));
  }

  @Test
  void aServerAlreadyOffIsNotShutDown() throws Exception {
    String path = "/v1/servers/42";
    wm.stubFor(get(urlPathEqualTo(path)).willReturn(json(200, serverWithStatus("off", "cpx22"))));
    wm.stubFor(post(urlPathEqualTo(path + "/actions/change_type"))
        .willReturn(json(201, successAction(13, "change_server_type"))));
    wm.stubFor(post(urlPathEqualTo(path + "/actions/poweron"))
        .willReturn(json(201, successAction(14, "start_server"))));
    api.changeServerType(42, "cpx32");
    wm.verify(0, postRequestedFor(urlPathEqualTo(path + "/actions/shutdown")));
    wm.verify(1, postRequestedFor(urlPathEqualTo(path + "/actions/poweron")));
  }
}
