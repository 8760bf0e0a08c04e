package dev.nixinfra.providers.hcloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An API error: HTTP status plus the {@code error} body. The status of each code follows the error table of the
 * Hetzner reference (docs/hetzner-api.md §1.7); codes the table lacks use the status noted at the factory.
 */
final class ApiError extends RuntimeException {
  final int status;
  final String code;
  final JsonNode details;

  ApiError(int status, String code, String message, JsonNode details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  JsonNode body() {
    return Json.error(code, getMessage(), details);
  }

  static ApiError notFound(String what) {
    return new ApiError(404, "not_found", what + " not found", null);
  }

  /** 422 {@code invalid_input} with {@code details.fields[{name, messages}]}. */
  static ApiError invalidInput(String field, String message) {
    ObjectNode f = Json.object();
    f.put("name", field);
    f.set("messages", Json.array().add(message));
    ObjectNode details = Json.object();
    details.set("fields", Json.array().add(f));
    return new ApiError(422, "invalid_input", "invalid input in field '" + field + "': " + message, details);
  }

  /** 409 {@code uniqueness_error} with {@code details.fields[{name}]}, as in error_uniqueness_ssh_key.json. */
  static ApiError uniqueness(String message, String field) {
    ObjectNode f = Json.object();
    f.put("name", field);
    ArrayNode fields = Json.array().add(f);
    ObjectNode details = Json.object();
    details.set("fields", fields);
    return new ApiError(409, "uniqueness_error", message, details);
  }

  /** 412 {@code resource_unavailable}: the type is sold out in that location. */
  static ApiError resourceUnavailable(String message) {
    return new ApiError(412, "resource_unavailable", message, null);
  }

  /** 423 {@code protected}. */
  static ApiError protectedResource(String message) {
    return new ApiError(423, "protected", message, null);
  }

  /** 423 {@code locked}: another action is running on the resource. */
  static ApiError locked() {
    return new ApiError(423, "locked", "server is locked by a running action", null);
  }

  /** {@code server_not_stopped}: not in the status table; answered as 409 (a state conflict). */
  static ApiError serverNotStopped() {
    return new ApiError(409, "server_not_stopped", "server must be stopped before changing its type", null);
  }

  /** {@code invalid_server_type}: not in the status table; answered as 422 like other input errors. */
  static ApiError invalidServerType(String message) {
    return new ApiError(422, "invalid_server_type", message, null);
  }
}
