package dev.llmrelay.core.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One file of the data directory that holds a whole snapshot of some state, rewritten atomically.
 *
 * <p>Admin changes {@link #write} it before they return, so they survive a crash right after. Changes made
 * on the request path (last-use times) only {@link #markChanged}; the store's writer thread
 * {@link #writeIfChanged}s once a second and at close, so a request never waits on the disk.
 */
final class SnapshotFile {

    /** The current state, encoded; read under the file's lock so the last write holds the latest state. */
    @FunctionalInterface
    interface Encoder {
        byte[] encode() throws IOException;
    }

    private final DataDirectory directory;
    private final String name;
    private final Encoder encoder;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean changed = new AtomicBoolean();

    SnapshotFile(DataDirectory directory, String name, Encoder encoder) {
        this.directory = directory;
        this.name = name;
        this.encoder = encoder;
    }

    /**
     * Writes the current state now.
     *
     * @throws UncheckedIOException when the disk refuses; the change stays pending and the writer thread
     *     tries again
     */
    void write() {
        lock.lock();
        try {
            changed.set(false);
            directory.writeAtomically(name, encoder.encode());
        } catch (IOException e) {
            changed.set(true);
            throw new UncheckedIOException("cannot write " + name + " in " + directory.path(), e);
        } finally {
            lock.unlock();
        }
    }

    void markChanged() {
        changed.set(true);
    }

    /** Writes the state if it changed since the last write. */
    void writeIfChanged() {
        if (changed.get()) {
            write();
        }
    }
}
