package io.cloudpedia.cli.kubeconfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The Cloudpedia API's base URL and Clusterpedia's paths under it. The base keeps any path prefix (an API Gateway
 * stage, a reverse-proxy prefix); a URL given with the resources path already on it is accepted too.
 */
public record ServerUrl(URI base) {

    static final String RESOURCES_PATH = "/apis/clusterpedia.io/v1beta1/resources";
    static final String PEDIA_CLUSTERS_PATH = "/apis/cluster.clusterpedia.io/v1alpha2/pediaclusters";
    private static final String CLUSTERS_SEGMENT = "/clusters/";
    /** What {@code relativePath} answers for the root itself: not a path under the resources, nor a member. */
    private static final String ROOT_MARK = "#root";

    /** Parses {@code --server}; throws {@link IllegalArgumentException} with a message fit for a usage error. */
    public static ServerUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid --server URL '" + text + "': " + e.getReason());
        }
        String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("--server must be an http or https URL, got '" + text + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("--server URL has no host: '" + text + "'");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("--server URL must not carry user info, a query or a fragment");
        }
        String path = stripTrailingSlashes(Optional.ofNullable(uri.getRawPath()).orElse(""));
        if (path.endsWith(RESOURCES_PATH)) {
            path = path.substring(0, path.length() - RESOURCES_PATH.length());
        }
        return new ServerUrl(URI.create(scheme + "://" + uri.getRawAuthority() + path));
    }

    /** The server of the entry that searches every cluster. */
    public String resources() {
        return base + RESOURCES_PATH;
    }

    /** The server of the entry for one member cluster. */
    public String cluster(String name) {
        return resources() + CLUSTERS_SEGMENT + name;
    }

    public URI pediaClusters() {
        return URI.create(base + PEDIA_CLUSTERS_PATH);
    }

    /** The server of the control entry: the API root, where the cluster registry (PediaClusters) is served. */
    public String root() {
        return base.toString();
    }

    /**
     * Whether a kubeconfig cluster's server points at this server's Clusterpedia resources path or below it, or at
     * its root (the control entry).
     */
    public boolean isUnder(String server) {
        return relativePath(server).isPresent();
    }

    /**
     * The member cluster a kubeconfig server URL addresses under this server's path ({@code .../clusters/NAME},
     * {@code .../clusters/NAME/proxy}, ...), if any.
     */
    public Optional<String> memberOf(String server) {
        return relativePath(server)
                .filter(rest -> rest.startsWith(CLUSTERS_SEGMENT))
                .map(rest -> rest.substring(CLUSTERS_SEGMENT.length()))
                .map(rest -> rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest)
                .filter(name -> !name.isEmpty());
    }

    /** What follows the resources path in {@code server} ("" or "/..."), when the server is under it. */
    private Optional<String> relativePath(String server) {
        URI uri;
        try {
            uri = new URI(server.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (uri.getScheme() == null || uri.getHost() == null
                || !uri.getScheme().equalsIgnoreCase(base.getScheme())
                || !uri.getHost().equalsIgnoreCase(base.getHost())
                || port(uri) != port(base)) {
            return Optional.empty();
        }
        String root = stripTrailingSlashes(Optional.ofNullable(base.getRawPath()).orElse(""));
        String prefix = root + RESOURCES_PATH;
        String path = stripTrailingSlashes(Optional.ofNullable(uri.getRawPath()).orElse(""));
        if (path.equals(root)) {
            return Optional.of(ROOT_MARK);
        }
        if (path.equals(prefix)) {
            return Optional.of("");
        }
        return path.startsWith(prefix + "/") ? Optional.of(path.substring(prefix.length())) : Optional.empty();
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String stripTrailingSlashes(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
