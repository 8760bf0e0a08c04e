package dev.nixinfra.providers.hcloud.api;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Uploading a key that the project already has adopts the existing key. */
class SshKeyAdoptionIT extends HcloudWireMock {
  private static final Map<String, String> LABELS = Map.of("nixinfra/stack", "dev");

  private static String keyList(String publicKey, String fingerprint) {
    ObjectNode key = (ObjectNode) tree("ssh_keys_list.json").get("ssh_keys").get(0);
    key.put("public_key", publicKey).put("fingerprint", fingerprint);
    return list("ssh_keys", key);
  }

  @Test
  void theExistingKeyIsFoundByItsMd5Fingerprint() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/v1/ssh_keys")).willReturn(fixtureResponse(409,
        "error_uniqueness_ssh_key.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/ssh_keys"))
        .withQueryParam("fingerprint", equalTo(SshFingerprintTest.FINGERPRINT))
        .willReturn(json(200, keyList(SshFingerprintTest.KEY, SshFingerprintTest.FINGERPRINT))));

    SshKey key = api.createSshKey("nixinfra-dev", SshFingerprintTest.KEY, LABELS);

    assertEquals(42, key.id());
    assertEquals(SshFingerprintTest.FINGERPRINT, key.fingerprint());
    wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/ssh_keys")));
    assertEquals(2, api.requestCount());
  }

  @Test
  void aKeyThatDoesNotDecodeIsFoundByComparingPublicKeys() throws Exception {
    // The docs' example key is not valid base64, so it has no fingerprint to search for.
    wm.stubFor(post(urlPathEqualTo("/v1/ssh_keys")).willReturn(fixtureResponse(409,
        "error_uniqueness_ssh_key.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/ssh_keys")).withQueryParam("page", equalTo("1"))
        .willReturn(fixtureResponse(200, "ssh_keys_list.json")));
    wm.stubFor(get(urlPathEqualTo("/v1/ssh_keys")).withQueryParam("page", equalTo("4"))
        .willReturn(json(200, list("ssh_keys"))));

    SshKey key = api.createSshKey("nixinfra-dev", "ssh-rsa AAAjjk76kgf...Xt me@laptop", LABELS);

    assertEquals(42, key.id());
    assertEquals("b7:2f:30:a0:2f:6c:58:6c:21:04:58:61:ba:06:3b:2f", key.fingerprint());
    wm.verify(0, getRequestedFor(urlPathEqualTo("/v1/ssh_keys")).withQueryParam("fingerprint",
        com.github.tomakehurst.wiremock.client.WireMock.matching(".*")));
  }

  @Test
  void aNameTakenByAnotherKeyIsStillAnError() {
    wm.stubFor(post(urlPathEqualTo("/v1/ssh_keys")).willReturn(json(409,
        "{\"error\":{\"code\":\"uniqueness_error\",\"message\":\"SSH key with the same name already exists\"}}")));
    wm.stubFor(get(urlPathEqualTo("/v1/ssh_keys")).willReturn(fixtureResponse(200, "servers_list_empty.json")
        .withBody("{\"ssh_keys\":[],\"meta\":{\"pagination\":{\"next_page\":null}}}")));

    HcloudException e = assertThrows(HcloudException.class,
        () -> api.createSshKey("taken", SshFingerprintTest.KEY, LABELS));
    assertEquals("Hetzner Cloud refused POST /ssh_keys: uniqueness_error: SSH key with the same name already "
        + "exists", e.getMessage());
  }
}
