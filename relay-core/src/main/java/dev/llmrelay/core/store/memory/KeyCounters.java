package dev.llmrelay.core.store.memory;

/**
 * Everything one key's limits count: its admissions and settled tokens over the rolling window, its spend per
 * UTC day, ISO week and in all, and its requests in flight. Kept by key id, so a key changed through the admin
 * API keeps them. Not thread-safe; {@link MemoryKeyPolicy} holds its lock around every use.
 */
final class KeyCounters {
    final RequestWindow requests = new RequestWindow();
    final TokenWindow tokens = new TokenWindow();
    final KeySpend spend = new KeySpend();
    int inFlight;
}
