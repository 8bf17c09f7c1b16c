package io.cloudpedia.agent.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The agent's one configured Jackson 2 mapper. fabric8 serialises Kubernetes objects with its own (Jackson 3)
 * mapper; everything the agent itself writes or reads as JSON goes through this one.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }
}
