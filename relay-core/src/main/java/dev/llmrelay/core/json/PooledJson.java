package dev.llmrelay.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jackson factories and mappers whose parsing buffers come from Jackson's shared pool and go back to it after
 * each use. Jackson's default pool is per thread: with a virtual thread per request, no thread lives to reuse
 * its buffers, and an open stream's thread keeps its own (about 8 KiB of char buffers) for as long as the
 * stream lasts, which at 10,000 open streams is 80 MiB of heap.
 */
public final class PooledJson {
    private PooledJson() {
    }

    /** A new streaming factory on the shared buffer pool. */
    public static JsonFactory newFactory() {
        return JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
    }

    /** A new mapper on the shared buffer pool. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper(newFactory());
    }

    /** A copy of {@code json}, with its settings, on the shared buffer pool (the original stays as it was). */
    public static ObjectMapper copyOf(ObjectMapper json) {
        ObjectMapper copy = json.copy();
        copy.getFactory().setRecyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
        return copy;
    }
}
