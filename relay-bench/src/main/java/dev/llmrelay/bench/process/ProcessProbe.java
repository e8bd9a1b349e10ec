package dev.llmrelay.bench.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a JVM process's own figures: CPU time, RSS, threads and descriptors from Linux's {@code /proc}, and
 * the heap in use from {@code jcmd GC.heap_info} (after {@code GC.run} when live data is wanted).
 */
public final class ProcessProbe {
    /** G1 and Parallel say {@code used 12345K}; ZGC says {@code used 120M}. */
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)([KMG])");
    private static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private final long pid;
    private final Path jcmd;

    public ProcessProbe(long pid) {
        this.pid = pid;
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    public long pid() {
        return pid;
    }

    /** RSS, threads, CPU time and descriptors; the heap too, after a full collection if {@code liveHeap}. */
    public ProcessSample sample(boolean liveHeap) {
        if (liveHeap) {
            jcmd("GC.run");
        }
        long heap = -1;
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (used.find()) {
            long unit = switch (used.group(2)) {
                case "K" -> 1024L;
                case "M" -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            heap = Long.parseLong(used.group(1)) * unit;
        }
        return new ProcessSample(statusValue("VmRSS:") * 1024, (int) statusValue("Threads:"), cpuNanos(),
                openFiles(), heap);
    }

    /** User plus system CPU time of the process so far. */
    public long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    /** The process's limit on open files. */
    public long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(line.substring("Max open files".length()).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return -1;
    }

    private int openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private long statusValue(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
        return -1;
    }

    /** Runs a diagnostic command in the process; answers its output (empty if it could not run). */
    public String jcmd(String... command) {
        try {
            var line = new ArrayList<String>(List.of(jcmd.toString(), Long.toString(pid)));
            line.addAll(List.of(command));
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            process.waitFor(60, TimeUnit.SECONDS);
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String ticks = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            getconf.waitFor();
            return Long.parseLong(ticks);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
