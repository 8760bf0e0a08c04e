/** The resource model: addresses, attribute values, resource types and their schemas, desired resources and state. */
package dev.nixinfra.core.model;
