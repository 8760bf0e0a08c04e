package dev.nixinfra.providers.hcloud.api;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every fixture, served by the endpoint it came from, read into the records with the values it holds. */
class FixturesIT extends HcloudWireMock {
  static final Map<String, String> FIXTURE_LABELS =
      Map.of("environment", "prod", "example.com/my", "label", "just-a-key", "");

  @Test
  void serverGetWithDatacenterAndLocation() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/servers/42")).willReturn(fixtureResponse(200, "server_get.json")));
    Server s = api.getServer(42).orElseThrow();
    assertEquals(new Server(42, "my-resource", "running", "cpx22", "x86", "fsn1", Optional.of("ubuntu-24.04"),
        Optional.of("1.2.3.4"), Optional.of("2001:db8::/64"), FIXTURE_LABELS, false, false), s);
  }

  @Test
  void serverGetWithoutDatacenter() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/servers/42"))
        .willReturn(fixtureResponse(200, "server_get_no_datacenter.json")));
    Server s = api.getServer(42).orElseThrow();
    assertEquals("fsn1", s.location());
    assertEquals("x86", s.architecture());
    assertEquals(FIXTURE_LABELS, s.labels());
  }

  @Test
  void olderServerPayloadTakesItsLocationFromTheDatacenter() throws Exception {
    ObjectNode body = tree("server_get.json");
    ObjectNode server = (ObjectNode) body.get("server");
    server.remove("location");
    ((ObjectNode) server.path("datacenter").path("location")).put("name", "nbg1");
    wm.stubFor(get(urlPathEqualTo("/v1/servers/42")).willReturn(json(200, body.toString())));
    assertEquals("nbg1", api.getServer(42).orElseThrow().location());
  }

  @Test
  void nullImageAndNullIpv4AreEmpty() throws Exception {
    ObjectNode body = tree("server_get_no_datacenter.json");
    ObjectNode server = (ObjectNode) body.get("server");
    server.putNull("image");
    ((ObjectNode) server.get("public_net")).putNull("ipv4");
    server.put("some_future_field", "ignored");
    wm.stubFor(get(urlPathEqualTo("/v1/servers/42")).willReturn(json(200, body.toString())));
    Server s = api.getServer(42).orElseThrow();
    assertEquals(Optional.empty(), s.image());
    assertEquals(Optional.empty(), s.ipv4());
    assertEquals(Optional.of("2001:db8::/64"), s.ipv6());
  }

  @Test
  void serverNotFoundIsEmpty() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/servers/7")).willReturn(fixtureResponse(404, "error_not_found_hcloud_go.json")));
    assertEquals(Optional.empty(), api.getServer(7));
  }

  @Test
  void listServersFollowsNextPageAndEncodesTheLabelSelector() throws Exception {
    // servers_list.json says next_page 4: the client must ask for page 4, which here is the empty project.
    wm.stubFor(get(urlPathEqualTo("/v1/servers")).withQueryParam("page", equalTo("1"))
        .willReturn(fixtureResponse(200, "servers_list.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/servers")).withQueryParam("page", equalTo("4"))
        .willReturn(fixtureResponse(200, "servers_list_empty.json")));
    List<Server> servers = api.listServers("nixinfra/stack=dev");
    assertEquals(1, servers.size());
    Server s = servers.get(0);
    assertEquals(42, s.id());
    assertEquals("my-resource", s.name());
    assertEquals("cpx22", s.serverType());
    assertEquals("fsn1", s.location());
    assertEquals(FIXTURE_LABELS, s.labels());
    wm.verify(getRequestedFor(urlEqualTo("/v1/servers?label_selector=nixinfra%2Fstack%3Ddev&page=1&per_page=50")));
    wm.verify(getRequestedFor(urlEqualTo("/v1/servers?label_selector=nixinfra%2Fstack%3Ddev&page=4&per_page=50")));
    assertEquals(2, api.requestCount());
  }

  @Test
  void emptyProject() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/servers")).willReturn(fixtureResponse(200, "servers_list_empty.json")));
    assertEquals(List.of(), api.listServers("nixinfra/stack=dev"));
    assertEquals(1, api.requestCount());
  }

  @Test
  void paginationAcrossTwoPages() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/servers")).withQueryParam("page", equalTo("1"))
        .willReturn(fixtureResponse(200, "servers_list_page1.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/servers")).withQueryParam("page", equalTo("2"))
        .willReturn(fixtureResponse(200, "servers_list_page2.json")));
    List<Server> servers = api.listServers("a=b");
    assertEquals(List.of(1L, 2L), servers.stream().map(Server::id).toList());
    assertEquals(List.of("my-server", "my-server2"), servers.stream().map(Server::name).toList());
    Server first = servers.get(0);
    // An old payload: no architecture (then all servers were x86), no location, an empty protection object.
    assertEquals("cx11", first.serverType());
    assertEquals("x86", first.architecture());
    assertEquals("", first.location());
    assertEquals(Optional.of("ubuntu-20.04"), first.image());
    assertEquals(Optional.of("1.2.3.4"), first.ipv4());
    assertFalse(first.deleteProtection());
    assertEquals(Map.of(), first.labels());
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/servers")).withQueryParam("page", equalTo("1"))
        .withQueryParam("per_page", equalTo("50")));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/servers")).withQueryParam("page", equalTo("2"))
        .withQueryParam("per_page", equalTo("50")));
  }

  @Test
  void findServerByName() throws Exception {
    // This fake ignores the name filter and always answers my-server: the client still only takes an exact match.
    wm.stubFor(get(urlPathEqualTo("/v1/servers")).willReturn(fixtureResponse(200, "servers_list_page2.json")
        .withBody(fixture("servers_list_page1.json").replace("\"next_page\": 2", "\"next_page\": null"))));
    assertEquals(1, api.findServerByName("my-server").orElseThrow().id());
    assertEquals(Optional.empty(), api.findServerByName("my-server2"));
    wm.verify(getRequestedFor(urlEqualTo("/v1/servers?name=my-server&page=1&per_page=50")));
  }

  @Test
  void updateServerSendsNameAndAllLabels() throws Exception {
    wm.stubFor(put(urlPathEqualTo("/v1/servers/42")).willReturn(fixtureResponse(200, "server_update.json")));
    Server s = api.updateServer(42, "my-resource", FIXTURE_LABELS);
    assertEquals("my-resource", s.name());
    assertEquals(FIXTURE_LABELS, s.labels());
    wm.verify(putRequestedFor(urlPathEqualTo("/v1/servers/42")).withRequestBody(equalToJson(
        "{\"name\":\"my-resource\",\"labels\":{\"environment\":\"prod\",\"example.com/my\":\"label\","
            + "\"just-a-key\":\"\"}}")));
  }

  @Test
  void serverTypesWithPerLocationAvailability() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/server_types"))
        .willReturn(fixtureResponse(200, "server_types_list_x86_arm.json")));
    List<ServerType> types = api.serverTypes();
    List<ServerType.Availability> both = List.of(new ServerType.Availability("fsn1", true, false),
        new ServerType.Availability("nbg1", true, false));
    assertEquals(List.of(new ServerType(1, "cpx22", "x86", false, both), new ServerType(45, "cax11", "arm", false,
        both)), types);
    wm.verify(getRequestedFor(urlEqualTo("/v1/server_types?page=1&per_page=50")));
  }

  @Test
  void deprecatedServerTypeWithADeprecatedLocation() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/server_types"))
        .willReturn(json(200, list("server_types", tree("server_type_get.json").get("server_type")))));
    assertEquals(List.of(new ServerType(1, "cx11", "x86", true, List.of(
        new ServerType.Availability("nbg1", true, false), new ServerType.Availability("fsn1", true, true)))),
        api.serverTypes());
  }

  @Test
  void locations() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/locations")).willReturn(fixtureResponse(200, "locations_list.json")));
    assertEquals(List.of(new Location(1, "fsn1", "Falkenstein DC Park 1", "eu-central"),
        new Location(2, "nbg1", "Nuremberg DC Park 1", "eu-central")), api.locations());
  }

  @Test
  void systemImagesForAnArchitecture() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/images")).withQueryParam("page", equalTo("1"))
        .willReturn(fixtureResponse(200, "images_list.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/images")).withQueryParam("page", equalTo("4"))
        .willReturn(json(200, list("images"))));
    assertEquals(List.of(new Image(42, "ubuntu-24.04", "x86", true)), api.images("x86"));
    wm.verify(getRequestedFor(urlPathEqualTo("/v1/images")).withQueryParam("type", equalTo("system"))
        .withQueryParam("architecture", equalTo("x86")).withQueryParam("page", equalTo("1"))
        .withQueryParam("per_page", equalTo("50")));
  }

  @Test
  void anArmImageWithoutName() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/images"))
        .willReturn(json(200, list("images", tree("image_update_arm.json").get("image")))));
    assertEquals(List.of(new Image(4711, "", "arm", true)), api.images("arm"));
    wm.verify(getRequestedFor(urlPathEqualTo("/v1/images")).withQueryParam("architecture", equalTo("arm")));
  }

  @Test
  void sshKeysByLabelAndByFingerprint() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/ssh_keys")).withQueryParam("page", equalTo("1"))
        .withQueryParam("label_selector", equalTo("nixinfra/stack=dev"))
        .willReturn(fixtureResponse(200, "ssh_keys_list.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/ssh_keys")).withQueryParam("page", equalTo("4"))
        .willReturn(json(200, list("ssh_keys"))));
    assertEquals(List.of(new SshKey(42, "my-resource", "b7:2f:30:a0:2f:6c:58:6c:21:04:58:61:ba:06:3b:2f",
        "ssh-rsa AAAjjk76kgf...Xt", FIXTURE_LABELS)), api.listSshKeys("nixinfra/stack=dev"));

    wm.stubFor(get(urlPathEqualTo("/v1/ssh_keys"))
        .withQueryParam("fingerprint", equalTo("b7:2f:30:a0:2f:6c:58:6c:21:04:58:61:ba:06:3b:2f"))
        .willReturn(json(200, list("ssh_keys", tree("ssh_key_get.json").get("ssh_key")))));
    SshKey key = api.findSshKeyByFingerprint("b7:2f:30:a0:2f:6c:58:6c:21:04:58:61:ba:06:3b:2f").orElseThrow();
    assertEquals(2323, key.id());
    assertEquals("My ssh key", key.name());
    assertEquals(Map.of(), key.labels());
  }

  @Test
  void blankFingerprintFindsNothingWithoutAsking() throws Exception {
    assertEquals(Optional.empty(), api.findSshKeyByFingerprint(""));
    assertEquals(0, api.requestCount());
  }

  @Test
  void createSshKeySendsTheDocumentedBody() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/v1/ssh_keys")).willReturn(fixtureResponse(201, "ssh_key_create.json")));
    SshKey key = api.createSshKey("My ssh key", "ssh-rsa AAAjjk76kgf...Xt", FIXTURE_LABELS);
    assertEquals(42, key.id());
    assertEquals("b7:2f:30:a0:2f:6c:58:6c:21:04:58:61:ba:06:3b:2f", key.fingerprint());
    wm.verify(postRequestedFor(urlPathEqualTo("/v1/ssh_keys"))
        .withRequestBody(equalToJson(fixture("ssh_key_create_request.json")))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8")));
  }

  @Test
  void updateSshKey() throws Exception {
    wm.stubFor(put(urlPathEqualTo("/v1/ssh_keys/42")).willReturn(fixtureResponse(200, "ssh_key_update.json")));
    SshKey key = api.updateSshKey(42, "my-resource", FIXTURE_LABELS);
    // The fixture's values, not the request's: the client reports what the API answered.
    assertEquals(2323, key.id());
    assertEquals("My ssh key", key.name());
    assertEquals(Map.of("key", "value"), key.labels());
    wm.verify(putRequestedFor(urlPathEqualTo("/v1/ssh_keys/42")).withRequestBody(equalToJson(
        "{\"name\":\"my-resource\",\"labels\":" + JSON.valueToTree(FIXTURE_LABELS) + "}")));
  }

  @Test
  void deleteSshKeyAnswers204OrIsAlreadyGone() throws Exception {
    wm.stubFor(delete(urlPathEqualTo("/v1/ssh_keys/42")).willReturn(json(204, "")));
    wm.stubFor(delete(urlPathEqualTo("/v1/ssh_keys/43")).willReturn(fixtureResponse(404,
        "error_not_found_hcloud_go.json")));
    api.deleteSshKey(42);
    api.deleteSshKey(43);
    assertEquals(2, api.requestCount());
  }

  /**
   * Every file in the fixture directory is used by a test of this client, or named here with the reason it is
   * not: a new fixture has to be placed in one list or the other.
   */
  @Test
  void everyFixtureIsAccountedFor() throws URISyntaxException {
    Set<String> usedElsewhere = Set.of("server_create.json", "server_create_request.json", "server_delete.json",
        "server_change_type.json", "server_poweron.json", "server_poweroff.json", "action_running.json",
        "action_success.json", "action_error.json", "error_invalid_input.json", "error_rate_limit_exceeded.json",
        "error_resource_limit_exceeded.json", "error_deprecated_api_endpoint.json", "error_service_error.json",
        "error_uniqueness_server_name.json", "error_uniqueness_ssh_key.json", "error_locked_minimal.json");
    Set<String> usedHere = Set.of("server_get.json", "server_get_no_datacenter.json", "servers_list.json",
        "servers_list_empty.json", "servers_list_page1.json", "servers_list_page2.json", "server_update.json",
        "server_types_list_x86_arm.json", "server_type_get.json", "locations_list.json", "images_list.json",
        "image_update_arm.json", "ssh_keys_list.json", "ssh_key_get.json", "ssh_key_create.json",
        "ssh_key_create_request.json", "ssh_key_update.json", "error_not_found_hcloud_go.json");
    // Endpoints this client does not call (yet): firewalls, rebuild, reboot, and action lists (it polls
    // GET /actions/{id} one at a time).
    Set<String> notCalled = Set.of("firewall_create.json", "firewall_create_request.json", "server_rebuild.json",
        "server_reboot.json", "server_actions_list.json", "actions_list_by_id.json");
    File dir = new File(HcloudWireMock.class.getResource("/hcloud/fixtures/").toURI());
    Set<String> present = Arrays.stream(dir.list()).filter(n -> n.endsWith(".json"))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> accounted = new TreeSet<>(usedElsewhere);
    accounted.addAll(usedHere);
    accounted.addAll(notCalled);
    assertEquals(present, accounted);
    for (String name : present) {
      assertTrue(tree(name).size() > 0, name);
    }
  }
}
