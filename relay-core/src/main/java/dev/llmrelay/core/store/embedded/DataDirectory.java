package dev.llmrelay.core.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded store's directory: created owner-only, held by one relay process at a time, and written only
 * by whole-file atomic replacement or by appending.
 *
 * <p>An atomic write goes to a temporary file beside the target, is forced to disk, moved over the target in
 * one step, and the directory itself is forced, so a crash at any moment leaves either the old file or the
 * new one, whole. Leftover temporary files from such a crash are removed when the directory is opened.
 */
final class DataDirectory implements AutoCloseable {
    private static final String TEMP_PREFIX = ".";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String LOCK_FILE = "relay.lock";

    private final Path path;
    private final boolean posix;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path path, boolean posix, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.posix = posix;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens {@code path}, creating it owner-only ({@code rwx------}) if missing, takes its lock and removes
     * temporary files a crash left behind.
     *
     * @throws IllegalStateException when another relay process holds the directory
     */
    static DataDirectory open(Path path) throws IOException {
        Path dir = path.toAbsolutePath().normalize();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE),
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), ownerOnly(posix));
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException alreadyHeldHere) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("the data directory " + dir + " is in use by another relay store");
        }
        DataDirectory directory = new DataDirectory(dir, posix, lockChannel, lock);
        directory.removeLeftoverTempFiles();
        return directory;
    }

    Path path() {
        return path;
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    /** The file's bytes, or empty when it does not exist. */
    Optional<byte[]> read(String name) throws IOException {
        Path file = resolve(name);
        return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    /** Replaces the file {@code name} by {@code content} in one step; it is owner-only when created. */
    void writeAtomically(String name, byte[] content) throws IOException {
        Path temp = Files.createTempFile(path, TEMP_PREFIX + name + ".", TEMP_SUFFIX, ownerOnly(posix));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory();
    }

    /** A channel appending to {@code name}, created owner-only if missing. */
    FileChannel openForAppend(String name) throws IOException {
        return FileChannel.open(resolve(name),
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                ownerOnly(posix));
    }

    /** Forces the directory entry changes (a rename, a new file) to disk, where the platform allows it. */
    void syncDirectory() {
        try (FileChannel directory = FileChannel.open(path, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException platformDoesNotAllowIt) {
            // Some platforms (Windows) cannot open a directory as a channel; their rename is durable enough.
        }
    }

    /** Releases the directory for another process. */
    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock of " + path, e);
        }
    }

    private void removeLeftoverTempFiles() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(path, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(boolean posix) {
        return posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }
}
