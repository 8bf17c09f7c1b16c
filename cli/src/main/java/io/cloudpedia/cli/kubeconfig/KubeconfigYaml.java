package io.cloudpedia.cli.kubeconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cloudpedia.cli.CliException;
import java.util.TreeSet;

/**
 * Kubeconfig documents as Jackson trees. A tree keeps every key this command does not know (extensions, exec
 * plugins, preferences) and their order, so a merge changes only the entries it means to. YAML comments are lost.
 */
final class KubeconfigYaml {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // A string such as "1.30" must stay a string when the file is written back.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            // certificate-authority-data is one long line; folding it would be legal YAML but hard to read.
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KubeconfigYaml() {
    }

    /** A kubeconfig with no entries. */
    static ObjectNode emptyConfig() {
        ObjectNode config = NODES.objectNode();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        return config;
    }

    /** Parses a kubeconfig; an empty document is an empty kubeconfig. {@code source} names it in errors. */
    static ObjectNode parse(String text, String source) {
        if (text.isBlank()) {
            return emptyConfig();
        }
        JsonNode node;
        try {
            node = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CliException("cannot parse " + source + " as YAML: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return emptyConfig();
        }
        if (!(node instanceof ObjectNode config)) {
            throw new CliException(source + " is not a kubeconfig (its top level is not a mapping)");
        }
        return config;
    }

    static String write(ObjectNode config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new CliException("cannot write the kubeconfig as YAML: " + e.getOriginalMessage());
        }
    }

    /** The same document with its top-level keys in kubectl's (alphabetical) order, for a new file. */
    static ObjectNode inKubectlOrder(ObjectNode config) {
        ObjectNode sorted = NODES.objectNode();
        TreeSet<String> keys = new TreeSet<>();
        config.fieldNames().forEachRemaining(keys::add);
        keys.forEach(key -> sorted.set(key, config.get(key)));
        return sorted;
    }

    // Entries are written with their keys in kubectl's order, so they look like their neighbours in the file.

    static ObjectNode node(KubeconfigEntries.Cluster cluster) {
        ObjectNode entry = NODES.objectNode();
        ObjectNode body = entry.putObject("cluster");
        Tls tls = cluster.tls();
        tls.authority().ifPresent(ca -> body.put("certificate-authority-data", ca.base64()));
        if (tls.insecureSkipVerify()) {
            body.put("insecure-skip-tls-verify", true);
        }
        body.put("server", cluster.server());
        tls.serverName().ifPresent(name -> body.put("tls-server-name", name));
        entry.put("name", cluster.name());
        return entry;
    }

    static ObjectNode node(KubeconfigEntries.User user) {
        ObjectNode entry = NODES.objectNode();
        entry.put("name", user.name());
        entry.putObject("user").put("token", user.token());
        return entry;
    }

    static ObjectNode node(KubeconfigEntries.Context context) {
        ObjectNode entry = NODES.objectNode();
        entry.putObject("context").put("cluster", context.cluster()).put("user", context.user());
        entry.put("name", context.name());
        return entry;
    }
}
