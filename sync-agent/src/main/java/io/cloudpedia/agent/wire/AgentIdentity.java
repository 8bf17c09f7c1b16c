package io.cloudpedia.agent.wire;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who sends an envelope: the member cluster's name and this agent incarnation (cluster name plus a random suffix, new
 * at every start; the wire format uses it for logs and relist ids only).
 */
public record AgentIdentity(String cluster, String agentId) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public AgentIdentity {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(agentId, "agentId");
    }

    public static AgentIdentity generate(String cluster) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return new AgentIdentity(cluster, cluster + "-" + HexFormat.of().formatHex(suffix));
    }
}
