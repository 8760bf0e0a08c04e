package dev.nixinfra.providers.hcloud.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A POST /servers without a clear answer is never repeated before looking for the server it may have made. */
class CreateAfterTimeoutIT extends HcloudWireMock {
  private static final int DELAY_MS = 700;
  private static final Map<String, String> LABELS = Map.of("nixinfra/stack", "dev", "nixinfra/builder", "b1");
  private static final CreateServer REQUEST = new CreateServer("b1", "cax11", "ubuntu-24.04", "fsn1",
      List.of(1L), LABELS);
  private OkHttpHcloudApi impatient;

  @BeforeEach
  void shortReadTimeout() {
    impatient = api(settings().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(1),
        Duration.ofSeconds(5)));
  }

  private static String serverNamed(String name, Map<String, String> labels) {
    ObjectNode server = (ObjectNode) tree("server_get_no_datacenter.json").get("server");
    server.put("name", name).put("id", 77).set("labels", JSON.valueToTree(labels));
    return list("servers", server);
  }

  /** Lets a delayed request that might still be in flight reach WireMock's journal before counting. */
  private static void settle() throws InterruptedException {
    Thread.sleep(DELAY_MS + 300);
  }

  @Test
  void aServerCreatedDespiteTheTimeoutIsAdoptedNotDuplicated() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/v1/servers"))
        .willReturn(fixtureResponse(201, "server_create.json").withFixedDelay(DELAY_MS)));
    wm.stubFor(get(urlPathEqualTo("/v1/servers")).withQueryParam("name", equalTo("b1"))
        .willReturn(json(200, serverNamed("b1", LABELS))));

    Server s = impatient.createServer(REQUEST);

    assertEquals(77, s.id());
    assertEquals(LABELS, s.labels());
    settle();
    wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/servers")));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/servers")).withQueryParam("name", equalTo("b1")));
    assertEquals(2, impatient.requestCount());
  }

  /**
   * A connection that breaks after the POST went out, on a connection the pool reused: the HTTP client itself must
   * not send the POST again behind nixinfra's back (OkHttp does so by default); nixinfra looks for the server.
   */
  @Test
  void aPostOnAReusedConnectionThatBreaksIsNotResentByTheHttpClient() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/servers")).withQueryParam("name", equalTo("b1"))
        .willReturn(json(200, serverNamed("b1", LABELS))));
    wm.stubFor(post(urlPathEqualTo("/v1/servers")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
    wm.stubFor(get(urlPathEqualTo("/v1/servers")).withQueryParam("label_selector", equalTo("nixinfra/stack=dev"))
        .willReturn(json(200, serverNamed("b1", LABELS))));
    impatient.listServers("nixinfra/stack=dev"); // leaves a pooled connection for the POST

    Server s = impatient.createServer(REQUEST);

    assertEquals(77, s.id());
    wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/servers")));
  }

  @Test
  void withoutAServerOfThatNameThePostIsRepeated() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/v1/servers")).inScenario("retry").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("second").willReturn(aGatewayTimeout()));
    wm.stubFor(post(urlPathEqualTo("/v1/servers")).inScenario("retry").whenScenarioStateIs("second")
        .willReturn(fixtureResponse(201, "server_create.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/servers")).withQueryParam("name", equalTo("b1"))
        .willReturn(fixtureResponse(200, "servers_list_empty.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/actions/1")).willReturn(fixtureResponse(200, "action_success.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/actions/13")).willReturn(fixtureResponse(200, "action_success.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/servers/42")).willReturn(fixtureResponse(200, "server_get.json")));

    assertEquals(42, impatient.createServer(REQUEST).id());
    wm.verify(2, postRequestedFor(urlPathEqualTo("/v1/servers")));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/servers")).withQueryParam("name", equalTo("b1")));
  }

  @Test
  void aServerOfThatNameWithOtherLabelsIsNotTakenOver() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/v1/servers"))
        .willReturn(fixtureResponse(201, "server_create.json").withFixedDelay(DELAY_MS)));
    wm.stubFor(get(urlPathEqualTo("/v1/servers")).withQueryParam("name", equalTo("b1"))
        .willReturn(json(200, serverNamed("b1", Map.of("owner", "someone-else")))));

    HcloudException e = assertThrows(HcloudException.class, () -> impatient.createServer(REQUEST));
    assertEquals("uniqueness_error", e.code());
    assertEquals("Hetzner Cloud did not answer POST /servers clearly, and a server named b1 now exists without "
        + "nixinfra's labels", e.getMessage());
    settle();
    wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/servers")));
  }

  @Test
  void repeatedTimeoutsGiveUpWithTheNetworkError() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/v1/servers")).willReturn(aGatewayTimeout()));
    wm.stubFor(get(urlPathEqualTo("/v1/servers")).withQueryParam("name", equalTo("b1"))
        .willReturn(fixtureResponse(200, "servers_list_empty.json")));
    HcloudException e = assertThrows(HcloudException.class, () -> impatient.createServer(REQUEST));
    assertEquals("Hetzner Cloud refused POST /servers: http_504: Gateway Timeout", e.getMessage());
    // The first attempt and 3 retries, each after a look-up.
    wm.verify(4, postRequestedFor(urlPathEqualTo("/v1/servers")));
    wm.verify(4, getRequestedFor(urlPathEqualTo("/v1/servers")).withQueryParam("name", equalTo("b1")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder aGatewayTimeout() {
    return com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(504)
        .withStatusMessage("Gateway Timeout");
  }
}
