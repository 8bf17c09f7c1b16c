package io.cloudpedia.agent.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the agent's YAML configuration (PediaCluster-shaped, {@code kind: SyncAgentConfig}). Every problem becomes a
 * {@link ConfigException} naming the field; unknown fields are errors too, so that a typo does not silently fall back
 * to a default.
 */
public final class ConfigLoader {

    public static final String API_VERSION = "cloudpedia.io/v1alpha1";
    public static final String KIND = "SyncAgentConfig";

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SQS_HOST = Pattern.compile("sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");
    /** Go's time.Duration text as Kubernetes writes it, restricted to whole numbers: 30s, 1m, 1m30s, 500ms, 1h. */
    private static final Pattern DURATION = Pattern.compile("(?:[0-9]+(?:h|ms|m|s))+");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(h|ms|m|s)");
    private static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_POLL_INTERVAL = Duration.ofHours(24);
    private static final YAMLMapper YAML = new YAMLMapper();

    private ConfigLoader() {
    }

    public static Config load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("", "cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    public static Config parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException("", "not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException("", "the config is empty");
        }
        ObjectNode top = object(root, "");
        allowOnly(top, "", "apiVersion", "kind", "metadata", "spec");
        String apiVersion = requiredText(top, "", "apiVersion");
        if (!API_VERSION.equals(apiVersion)) {
            throw new ConfigException("apiVersion", "must be " + API_VERSION + ", not " + apiVersion);
        }
        String kind = requiredText(top, "", "kind");
        if (!KIND.equals(kind)) {
            throw new ConfigException("kind", "must be " + KIND + ", not " + kind);
        }

        ObjectNode metadata = object(required(top, "", "metadata"), "metadata");
        allowOnly(metadata, "metadata", "name", "labels", "annotations");
        String name = requiredText(metadata, "metadata", "name");
        if (name.length() > 63 || !DNS1123_LABEL.matcher(name).matches()) {
            throw new ConfigException("metadata.name",
                    "must be a DNS-1123 label (lower-case letters, digits and '-', 1-63 characters), not \"" + name
                            + "\"");
        }

        ObjectNode spec = object(required(top, "", "spec"), "spec");
        allowOnly(spec, "spec", "syncResources", "queue", "pageSize", "statusIntervalSeconds", "healthPort",
                "healthAddress", "registry");
        List<SyncResource> resources = syncResources(required(spec, "spec", "syncResources"));
        QueueConfig queue = queue(object(required(spec, "spec", "queue"), "spec.queue"));
        int pageSize = intField(spec, "spec", "pageSize", Config.DEFAULT_PAGE_SIZE, 1, 100_000);
        int statusSeconds = intField(spec, "spec", "statusIntervalSeconds",
                (int) Config.DEFAULT_STATUS_INTERVAL.toSeconds(), 1, 86_400);
        int healthPort = intField(spec, "spec", "healthPort", Config.DEFAULT_HEALTH_PORT, -1, 65_535);
        String healthAddress = optionalText(spec, "spec", "healthAddress").orElse(Config.DEFAULT_HEALTH_ADDRESS);
        JsonNode registryNode = spec.get("registry");
        Optional<RegistryConfig> registry = registryNode == null || registryNode.isNull() ? Optional.empty()
                : Optional.of(registry(object(registryNode, "spec.registry")));
        return new Config(name, resources, queue, pageSize, Duration.ofSeconds(statusSeconds), healthPort,
                healthAddress, registry);
    }

    private static RegistryConfig registry(ObjectNode registry) {
        String path = "spec.registry";
        allowOnly(registry, path, "url", "tokenFile", "insecureSkipTLSVerify", "caFile", "pollInterval");
        URI url = uri(requiredText(registry, path, "url"), path + ".url");
        Optional<Path> tokenFile = optionalText(registry, path, "tokenFile").map(Path::of);
        boolean insecure = booleanField(registry, path, "insecureSkipTLSVerify", false);
        Optional<Path> caFile = optionalText(registry, path, "caFile").map(Path::of);
        if (caFile.isPresent()) {
            if (insecure) {
                throw new ConfigException(path + ".caFile", "must not be set together with insecureSkipTLSVerify");
            }
            if (!Files.isReadable(caFile.get())) {
                throw new ConfigException(path + ".caFile", "cannot read " + caFile.get());
            }
        }
        Duration pollInterval = optionalText(registry, path, "pollInterval")
                .map(text -> duration(text, path + ".pollInterval", MIN_POLL_INTERVAL, MAX_POLL_INTERVAL))
                .orElse(RegistryConfig.DEFAULT_POLL_INTERVAL);
        return new RegistryConfig(url, tokenFile, insecure, caFile, pollInterval);
    }

    /** A Go-style duration ({@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 2h}) within the bounds. */
    static Duration duration(String text, String path, Duration min, Duration max) {
        if (!DURATION.matcher(text).matches()) {
            throw new ConfigException(path, "must be a duration such as 30s, 1m or 1m30s, not \"" + text + "\"");
        }
        Duration total = Duration.ZERO;
        Matcher part = DURATION_PART.matcher(text);
        try {
            while (part.find()) {
                long n = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "s" -> Duration.ofSeconds(n);
                    default -> Duration.ofMillis(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ConfigException(path, "is too large: " + text);
        }
        if (total.compareTo(min) < 0 || total.compareTo(max) > 0) {
            throw new ConfigException(path, "must be between " + text(min) + " and " + text(max) + ", not " + text);
        }
        return total;
    }

    private static String text(Duration d) {
        return d.toHours() > 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0 ? d.toHours() + "h"
                : d.toMinutes() > 0 && d.toSecondsPart() == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }

    private static List<SyncResource> syncResources(JsonNode node) {
        String path = "spec.syncResources";
        if (!node.isArray() || node.isEmpty()) {
            throw new ConfigException(path, "must be a non-empty list");
        }
        List<SyncResource> result = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            ObjectNode entry = object(node.get(i), at);
            allowOnly(entry, at, "group", "versions", "resources", "eventsInvolvedResources");
            String group = optionalText(entry, at, "group").orElse("");
            List<String> versions = stringList(entry.get("versions"), at + ".versions", false);
            JsonNode resources = entry.get("resources");
            if (resources == null) {
                throw new ConfigException(at + ".resources", "required");
            }
            List<String> names = stringList(resources, at + ".resources", true);
            List<String> events = stringList(entry.get("eventsInvolvedResources"), at + ".eventsInvolvedResources",
                    false);
            Optional<String> unknown = SyncResource.unknownEventsInvolvedResource(names, events);
            if (unknown.isPresent()) {
                throw new ConfigException(at + ".eventsInvolvedResources",
                        "\"" + unknown.get() + "\" is not among this entry's resources " + names);
            }
            result.add(new SyncResource(group, versions, names, events));
        }
        return result;
    }

    private static QueueConfig queue(ObjectNode queue) {
        String path = "spec.queue";
        allowOnly(queue, path, "url", "region", "endpoint", "maxMessageBytes", "compressAboveBytes");
        String url = requiredText(queue, path, "url");
        URI parsed = uri(url, path + ".url");
        Optional<URI> endpoint = optionalText(queue, path, "endpoint").map(e -> uri(e, path + ".endpoint"));
        Optional<String> region = optionalText(queue, path, "region");
        if (region.isEmpty()) {
            Matcher m = SQS_HOST.matcher(parsed.getHost());
            if (!m.matches()) {
                throw new ConfigException(path + ".region", "required when it cannot be read from spec.queue.url");
            }
            region = Optional.of(m.group(1));
        }
        int maxMessageBytes = intField(queue, path, "maxMessageBytes", QueueConfig.DEFAULT_MAX_MESSAGE_BYTES,
                QueueConfig.MIN_MESSAGE_BYTES, QueueConfig.SQS_MAX_MESSAGE_BYTES);
        int compressAbove = intField(queue, path, "compressAboveBytes", QueueConfig.DEFAULT_COMPRESS_ABOVE_BYTES, 0,
                Integer.MAX_VALUE);
        return new QueueConfig(url, region.get(), endpoint, maxMessageBytes, compressAbove);
    }

    private static URI uri(String text, String path) {
        try {
            URI uri = new URI(text);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(path, "must be an http(s) URL, not \"" + text + "\"");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(path, "must be an http(s) URL, not \"" + text + "\"");
        }
    }

    private static ObjectNode object(JsonNode node, String path) {
        if (!(node instanceof ObjectNode)) {
            throw new ConfigException(path, "must be a mapping");
        }
        return (ObjectNode) node;
    }

    private static JsonNode required(ObjectNode parent, String parentPath, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new ConfigException(join(parentPath, field), "required");
        }
        return node;
    }

    private static String requiredText(ObjectNode parent, String parentPath, String field) {
        return optionalText(parent, parentPath, field)
                .orElseThrow(() -> new ConfigException(join(parentPath, field), "required"));
    }

    private static Optional<String> optionalText(ObjectNode parent, String parentPath, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new ConfigException(join(parentPath, field), "must be a string");
        }
        return Optional.of(node.asText());
    }

    private static int intField(ObjectNode parent, String parentPath, String field, int dflt, int min, int max) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return dflt;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new ConfigException(join(parentPath, field), "must be an integer");
        }
        int value = node.intValue();
        if (value < min || value > max) {
            throw new ConfigException(join(parentPath, field),
                    "must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    private static boolean booleanField(ObjectNode parent, String parentPath, String field, boolean dflt) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return dflt;
        }
        if (!node.isBoolean()) {
            throw new ConfigException(join(parentPath, field), "must be true or false");
        }
        return node.booleanValue();
    }

    private static List<String> stringList(JsonNode node, String path, boolean nonEmpty) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ConfigException(path, "must be a list of strings");
        }
        if (nonEmpty && node.isEmpty()) {
            throw new ConfigException(path, "must not be empty");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new ConfigException(path + "[" + i + "]", "must be a non-empty string");
            }
            values.add(item.asText().trim());
        }
        return values;
    }

    private static void allowOnly(ObjectNode node, String path, String... allowed) {
        Set<String> names = Set.of(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!names.contains(field)) {
                throw new ConfigException(join(path, field), "unknown field");
            }
        }
    }

    private static String join(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }
}
