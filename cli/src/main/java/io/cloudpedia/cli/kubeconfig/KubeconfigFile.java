package io.cloudpedia.cli.kubeconfig;

import io.cloudpedia.cli.CliException;
import io.cloudpedia.cli.Environment;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The kubeconfig file {@code --merge} edits: {@code --kubeconfig}, else the first path in {@code $KUBECONFIG}, else
 * {@code ~/.kube/config}. Written atomically (a temporary file in the same directory, then a rename), so kubectl never
 * sees half a file; an existing file keeps its permissions, a new one gets 0600 (it may hold a token).
 */
final class KubeconfigFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path path;

    private KubeconfigFile(Path path) {
        this.path = path;
    }

    static KubeconfigFile locate(Optional<Path> explicit, Environment environment) {
        Optional<Path> fromVariable = environment.get("KUBECONFIG").flatMap(value -> Arrays
                .stream(value.split(File.pathSeparator)).filter(p -> !p.isBlank()).findFirst().map(Path::of));
        return new KubeconfigFile(explicit.or(() -> fromVariable)
                .orElseGet(() -> environment.home().resolve(".kube").resolve("config")));
    }

    Path path() {
        return path;
    }

    /** The file's text, or empty when it does not exist yet. */
    Optional<String> read() {
        try {
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CliException("cannot read " + path + ": " + IoMessages.describe(e));
        }
    }

    void write(String text) {
        Path target = resolveLinks();
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            if (!Files.isDirectory(directory)) {
                createDirectories(directory);
            }
            Optional<Set<PosixFilePermission>> permissions = Files.exists(target)
                    ? posix(() -> Files.getPosixFilePermissions(target))
                    : Optional.of(OWNER_ONLY);
            temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
            Path created = temporary;
            permissions.ifPresent(p -> posix(() -> Files.setPosixFilePermissions(created, p)));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new CliException("cannot write " + path + ": " + IoMessages.describe(e));
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // The write already failed; that error is the one to report.
                }
            }
        }
    }

    /** A symbolic link (dotfile managers use them) stays a link: the file it points to is replaced. */
    private Path resolveLinks() {
        try {
            return Files.exists(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            throw new CliException("cannot resolve " + path + ": " + IoMessages.describe(e));
        }
    }

    private static void createDirectories(Path directory) throws IOException {
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(directory);
        }
    }

    private interface PosixCall<T> {
        T call() throws IOException;
    }

    /** Runs a POSIX-permission call; empty on file systems without POSIX permissions. */
    private static <T> Optional<T> posix(PosixCall<T> call) {
        try {
            return Optional.ofNullable(call.call());
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CliException("cannot set permissions: " + IoMessages.describe(e));
        }
    }
}
