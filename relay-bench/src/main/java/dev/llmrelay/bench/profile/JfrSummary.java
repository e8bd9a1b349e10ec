package dev.llmrelay.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the relay: where CPU samples land (by the method on top, and by every method
 * on the stack), where allocation samples land (by class and allocating method, weighted by bytes), and what
 * the collector and virtual-thread pinning cost. What {@code jfr print} shows event by event, totalled.
 */
public final class JfrSummary {
    private static final String RELAY_PACKAGE = "dev.llmrelay.";

    private JfrSummary() {
    }

    public static String summarise(Path recording, int top) throws IOException {
        Map<String, Long> selfSamples = new HashMap<>();
        Map<String, Long> stackSamples = new HashMap<>();
        Map<String, Long> relaySamples = new HashMap<>();
        Map<String, Long> layerSamples = new HashMap<>();
        Map<String, Long> allocationBytes = new HashMap<>();
        Map<String, Long> relayAllocationBytes = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        long collections = 0;
        Duration pauses = Duration.ZERO;
        long pinned = 0;
        try (var file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                switch (event.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack == null || stack.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        List<RecordedFrame> frames = stack.getFrames();
                        selfSamples.merge(name(frames.get(0)), 1L, Long::sum);
                        Set<String> seen = new HashSet<>();
                        for (RecordedFrame frame : frames) {
                            if (seen.add(name(frame))) {
                                stackSamples.merge(name(frame), 1L, Long::sum);
                            }
                        }
                        firstRelayFrame(frames).ifPresent(f -> relaySamples.merge(f, 1L, Long::sum));
                        layerSamples.merge(layerOf(frames), 1L, Long::sum);
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long weight = event.getLong("weight");
                        allocated += weight;
                        String type = event.getClass("objectClass").getName();
                        RecordedStackTrace stack = event.getStackTrace();
                        String site = stack == null || stack.getFrames().isEmpty() ? "?" : name(stack.getFrames().get(0));
                        allocationBytes.merge(type + " in " + site, weight, Long::sum);
                        if (stack != null) {
                            String relay = firstRelayFrame(stack.getFrames()).orElse("(outside the relay's code)");
                            relayAllocationBytes.merge(relay, weight, Long::sum);
                        }
                    }
                    case "jdk.GarbageCollection" -> {
                        collections++;
                        pauses = pauses.plus(event.getDuration("sumOfPauses"));
                    }
                    case "jdk.VirtualThreadPinned" -> pinned++;
                    default -> { }
                }
            }
        }
        var out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %d CPU samples, %.1f MiB of allocation sampled, %d GCs "
                + "(%d ms of pauses), %d virtual-thread pins%n", recording, samples, allocated / 1048576.0, collections,
                pauses.toMillis(), pinned));
        section(out, "CPU samples by layer", layerSamples, samples, top, false);
        section(out, "CPU samples by top frame (self)", selfSamples, samples, top, false);
        section(out, "CPU samples by method anywhere on the stack (inclusive)", stackSamples, samples, top, false);
        section(out, "CPU samples by the innermost relay method (dev.llmrelay.*)", relaySamples, samples, top, false);
        section(out, "Allocation by class and allocating frame", allocationBytes, allocated, top, true);
        section(out, "Allocation by the innermost relay method", relayAllocationBytes, allocated, top, true);
        return out.toString();
    }

    /**
     * Which layer a sample's time belongs to, judged by the whole stack: the upstream HTTP client's call and body
     * read, the write of the answer to the client, the relay's own steps, Jetty's work around them, or none of
     * these (collector, compiler, schedulers, OkHttp's own tasks).
     */
    private static String layerOf(List<RecordedFrame> frames) {
        boolean relay = false;
        boolean jetty = false;
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            String method = frame.getMethod().getName();
            if (type.equals("okhttp3.internal.connection.RealCall") && method.equals("execute")
                    || type.equals("okhttp3.ResponseBody") || type.startsWith("okio.")
                    && relayBelow(frames, frame)) {
                return "upstream HTTP client (OkHttp call, Okio reads)";
            }
            if (type.equals("dev.llmrelay.host.http.ServletResponseChannel")) {
                return "answer written to the client (servlet output, Jetty)";
            }
            relay |= type.startsWith(RELAY_PACKAGE);
            jetty |= type.startsWith("org.eclipse.jetty.");
        }
        if (relay) {
            return "the relay's own steps (dev.llmrelay.*, with the JDK and Jackson code they call)";
        }
        if (jetty) {
            return "Jetty: accepting, parsing and dispatching requests";
        }
        return "other threads: GC, JIT, virtual-thread scheduler, OkHttp's task runner, store writer";
    }

    private static boolean relayBelow(List<RecordedFrame> frames, RecordedFrame from) {
        for (int i = frames.indexOf(from); i < frames.size(); i++) {
            if (frames.get(i).getMethod().getType().getName().startsWith(RELAY_PACKAGE)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> firstRelayFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.getMethod().getType().getName().startsWith(RELAY_PACKAGE)) {
                return Optional.of(name(frame));
            }
        }
        return Optional.empty();
    }

    private static void section(StringBuilder out, String title, Map<String, Long> counts, long total, int top,
                                boolean bytes) {
        out.append(String.format("%n%s%n", title));
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(top)
                .forEach(entry -> out.append(String.format(Locale.ROOT, "  %5.1f%%  %10s  %s%n",
                        100.0 * entry.getValue() / Math.max(1, total),
                        bytes ? String.format(Locale.ROOT, "%.1f MiB", entry.getValue() / 1048576.0)
                                : entry.getValue().toString(),
                        entry.getKey())));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
