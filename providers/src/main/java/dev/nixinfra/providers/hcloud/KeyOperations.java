package dev.nixinfra.providers.hcloud;

import dev.nixinfra.core.model.Address;
import dev.nixinfra.core.model.Attributes;
import dev.nixinfra.core.model.ResourceState;
import dev.nixinfra.core.provider.ApplyRequest;
import dev.nixinfra.core.provider.OperationContext;
import dev.nixinfra.core.provider.ProviderException;
import dev.nixinfra.providers.hcloud.api.HcloudApi;
import dev.nixinfra.providers.hcloud.api.HcloudException;
import dev.nixinfra.providers.hcloud.api.SshKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Creating and updating the stack's SSH key. */
final class KeyOperations {
  private final HcloudApi api;
  private final OperationContext context;

  KeyOperations(HcloudApi api, OperationContext context) {
    this.api = api;
    this.context = context;
  }

  ResourceState apply(ApplyRequest request) throws ProviderException, HcloudException {
    Attributes planned = request.planned();
    String name = HcloudProvider.string(planned, "name");
    SshKey key;
    if (request.prior().isEmpty()) {
      String publicKey = PublicKeyFile.read(HcloudProvider.string(planned, "public_key_file"));
      key = api.createSshKey(name, publicKey, HcloudProvider.labels(planned));
      if (!key.name().equals(name) || !key.labels().equals(HcloudProvider.labels(planned))) {
        // The project already held this public key (a 409 uniqueness_error adopted it): make it the stack's.
        context.say("the project already has this public key as `" + key.name() + "` (id " + key.id()
            + "); it becomes the stack's key, renamed to `" + name + "` and labelled");
        key = api.updateSshKey(key.id(), name, HcloudProvider.labels(planned));
      }
    } else {
      key = api.updateSshKey(Long.parseLong(request.prior().get().id()), name, HcloudProvider.labels(planned));
    }
    return state(request.address(), key, planned, request.dependencies());
  }

  /** The key's attributes; the local file it came from is not something the API knows, so it is kept. */
  static ResourceState state(Address address, SshKey k, Attributes recorded, Set<Address> dependencies) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("name", k.name());
    a.put("labels", k.labels());
    a.put("id", k.id());
    a.put("fingerprint", k.fingerprint());
    recorded.get("public_key_file").ifPresent(f -> a.put("public_key_file", f));
    return new ResourceState(address, Long.toString(k.id()), Attributes.of(a), false, dependencies);
  }
}
