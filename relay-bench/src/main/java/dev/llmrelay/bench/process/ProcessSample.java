package dev.llmrelay.bench.process;

/**
 * One look at a process from outside.
 *
 * @param rssBytes resident set size ({@code VmRSS})
 * @param threads operating-system threads (virtual threads are not among them)
 * @param cpuNanos user plus system CPU time since the process started
 * @param openFiles open file descriptors, sockets included
 * @param heapUsedBytes the Java heap in use, after a full collection when the sample asked for one; -1 unknown
 */
public record ProcessSample(long rssBytes, int threads, long cpuNanos, int openFiles, long heapUsedBytes) {
}
