package dev.llmrelay.core.store.embedded;

import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.api.usage.UsageQuery;
import dev.llmrelay.api.usage.UsageRecord;
import dev.llmrelay.api.usage.UsageTotal;
import dev.llmrelay.core.store.HourlyUsage;
import dev.llmrelay.core.store.memory.MemoryUsageMeter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A usage meter whose totals survive a restart, without a request ever waiting on the disk.
 *
 * <p>{@link #record} adds to the in-memory totals and queues the record. The store's writer thread
 * {@link #writeJournal appends} queued records to {@code usage-journal.jsonl}, each under the next sequence
 * number, and {@link #compact compacts} now and then: it writes the totals of every journalled record to
 * {@code usage-totals.json} with the last sequence they hold, then empties the journal. Opening reads the
 * totals and replays only journal lines above their sequence, so a crash between the two steps counts
 * nothing twice.
 *
 * <p>The snapshot is taken from a second meter that only the writer feeds, from journalled records: the live
 * meter also holds records still in the queue, which a snapshot must not claim.
 */
final class JournaledUsageMeter implements UsageMeter {
    private static final Logger log = LoggerFactory.getLogger(JournaledUsageMeter.class);

    private final MemoryUsageMeter live;
    private final LinkedBlockingQueue<UsageRecord> queue = new LinkedBlockingQueue<>();
    private final DataDirectory directory;
    private final UsageJournal journal;
    private final UsageTotalsFile totalsFile;
    private final ReentrantLock writerLock = new ReentrantLock();

    // Owned by the writer (under writerLock): what is on disk, and the records that failed to reach it.
    private final MemoryUsageMeter journalled;
    private final List<UsageRecord> unwritten = new ArrayList<>();
    private final FileChannel journalChannel;
    private long lastSeq;
    private volatile boolean closed;

    private JournaledUsageMeter(MemoryUsageMeter live, MemoryUsageMeter journalled, long lastSeq,
            DataDirectory directory, UsageJournal journal, UsageTotalsFile totalsFile, FileChannel journalChannel) {
        this.live = live;
        this.journalled = journalled;
        this.lastSeq = lastSeq;
        this.directory = directory;
        this.journal = journal;
        this.totalsFile = totalsFile;
        this.journalChannel = journalChannel;
    }

    /**
     * Restores the totals from the snapshot and the journal lines above its sequence, writes them back as one
     * snapshot with an empty journal (so appends never follow a torn line), and opens the journal.
     */
    static JournaledUsageMeter open(DataDirectory directory, UsageJournal journal, UsageTotalsFile totalsFile)
            throws IOException {
        Optional<byte[]> totalsBytes = directory.read(UsageTotalsFile.NAME);
        UsageTotalsFile.Snapshot snapshot = totalsBytes.isPresent()
                ? totalsFile.decode(totalsBytes.get())
                : UsageTotalsFile.Snapshot.EMPTY;
        MemoryUsageMeter live = new MemoryUsageMeter();
        MemoryUsageMeter journalled = new MemoryUsageMeter();
        for (HourlyUsage hour : snapshot.hours()) {
            live.add(hour);
            journalled.add(hour);
        }
        long lastSeq = snapshot.lastSeq();
        byte[] journalBytes = directory.read(UsageJournal.NAME).orElse(new byte[0]);
        UsageJournal.Contents contents = journal.read(journalBytes);
        for (UsageJournal.Entry entry : contents.entries()) {
            // Lines at or below the snapshot's sequence are already in it; a repeated line counts once.
            if (entry.seq() > lastSeq) {
                live.record(entry.record());
                journalled.record(entry.record());
                lastSeq = entry.seq();
            }
        }
        if (contents.unreadableLines() > 0) {
            log.warn("Skipped {} unreadable lines of {} in {}", contents.unreadableLines(), UsageJournal.NAME,
                    directory.path());
        }
        if (contents.tornLastLine()) {
            log.info("Skipped the incomplete last line of {} (an interrupted write)", UsageJournal.NAME);
        }
        FileChannel journalChannel = directory.openForAppend(UsageJournal.NAME);
        JournaledUsageMeter meter = new JournaledUsageMeter(
                live, journalled, lastSeq, directory, journal, totalsFile, journalChannel);
        if (journalBytes.length > 0) {
            try {
                meter.writeSnapshotAndEmptyJournal();
            } catch (IOException | RuntimeException e) {
                journalChannel.close();
                throw e;
            }
        }
        return meter;
    }

    /** Counts the record now and queues it for the journal; never blocks, never throws. */
    @Override
    public void record(UsageRecord record) {
        try {
            live.record(record);
            if (!closed) {
                queue.add(record);
            }
        } catch (RuntimeException e) {
            log.error("Usage record dropped", e);
        }
    }

    @Override
    public List<UsageTotal> totals(UsageQuery query) {
        return live.totals(query);
    }

    /** Every hourly total counted so far, journalled or still queued; in no promised order. */
    List<HourlyUsage> hourlyUsage() {
        return live.hourlyUsage();
    }

    /** Adds hours of usage kept elsewhere (an import) and writes the totals with them at once. */
    void add(List<HourlyUsage> hours) throws IOException {
        writerLock.lock();
        try {
            writeJournal();
            for (HourlyUsage hour : hours) {
                live.add(hour);
                journalled.add(hour);
            }
            writeSnapshotAndEmptyJournal();
        } finally {
            writerLock.unlock();
        }
    }

    /** Appends every queued record to the journal and forces it to disk. */
    void writeJournal() throws IOException {
        writerLock.lock();
        try {
            queue.drainTo(unwritten);
            if (unwritten.isEmpty()) {
                return;
            }
            ByteArrayOutputStream lines = new ByteArrayOutputStream(unwritten.size() * 400);
            long seq = lastSeq;
            for (UsageRecord record : unwritten) {
                lines.write(journal.line(++seq, record));
            }
            long sizeBefore = journalChannel.size();
            try {
                ByteBuffer buffer = ByteBuffer.wrap(lines.toByteArray());
                while (buffer.hasRemaining()) {
                    journalChannel.write(buffer);
                }
                journalChannel.force(false);
            } catch (IOException e) {
                // Cut off a partial line, so the retry starts on a line of its own.
                try {
                    journalChannel.truncate(sizeBefore);
                } catch (IOException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            }
            // Only now are they on disk; if the write failed they stay unwritten and go again next time,
            // under the same sequence numbers, which replay counts once.
            for (UsageRecord record : unwritten) {
                journalled.record(record);
            }
            lastSeq = seq;
            unwritten.clear();
        } finally {
            writerLock.unlock();
        }
    }

    /** Writes what the journal holds into the totals snapshot and empties the journal. */
    void compact() throws IOException {
        writerLock.lock();
        try {
            writeJournal();
            writeSnapshotAndEmptyJournal();
        } finally {
            writerLock.unlock();
        }
    }

    /** Compacts a last time and closes the journal; later records are counted in memory only. */
    void close() throws IOException {
        closed = true;
        writerLock.lock();
        try {
            if (journalChannel.isOpen()) {
                try {
                    compact();
                } finally {
                    journalChannel.close();
                }
            }
        } finally {
            writerLock.unlock();
        }
    }

    private void writeSnapshotAndEmptyJournal() throws IOException {
        directory.writeAtomically(UsageTotalsFile.NAME,
                totalsFile.encode(new UsageTotalsFile.Snapshot(lastSeq, journalled.hourlyUsage())));
        // A crash before this truncation leaves lines the snapshot already holds: their sequence skips them.
        journalChannel.truncate(0);
        journalChannel.force(true);
    }
}
