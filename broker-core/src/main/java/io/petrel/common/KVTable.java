package io.petrel.common;

import java.util.Map;

/** A string map body: KV config namespaces, broker runtime info. */
public record KVTable(Map<String, String> table) {
}
