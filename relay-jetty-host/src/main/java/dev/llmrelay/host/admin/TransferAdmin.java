package dev.llmrelay.host.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.StoreContents;
import dev.llmrelay.core.store.format.ExportDocument;
import dev.llmrelay.core.store.format.StoredJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * {@code GET /admin/v1/export} and {@code POST /admin/v1/import}, and the jar's {@code export} and {@code import}
 * commands: a store's whole contents as one {@link ExportDocument}, secrets encrypted, keys hashed.
 */
public final class TransferAdmin {
    private final RelayStore store;
    private final Clock clock;
    private final ObjectMapper json = StoredJson.newMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    public TransferAdmin(RelayStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What an import took in. */
    public record Imported(int accounts, int keys, int usageHours) {
    }

    /** Writes the export document of the whole store to {@code out}. */
    public void export(OutputStream out) throws IOException {
        json.writerWithDefaultPrettyPrinter()
                .writeValue(out, ExportDocument.of(store.contents(), store.cipher(), clock.instant()));
    }

    /**
     * Reads an export document from {@code in} and loads it into the store.
     *
     * @throws AdminException 400 when it is not a readable export document or was encrypted under another key,
     *     409 when one of its keys has the hash of another key of this store
     */
    public Imported importFrom(InputStream in) throws IOException {
        ExportDocument document;
        try {
            document = json.readValue(in, ExportDocument.class);
        } catch (UnrecognizedPropertyException e) {
            throw AdminException.invalid("unknown field in the export document: " + e.getPropertyName());
        } catch (JsonProcessingException e) {
            throw AdminException.invalid("the body is not an export document: " + e.getOriginalMessage());
        }
        StoreContents contents;
        try {
            contents = document.toContents(store.cipher());
        } catch (IllegalStateException e) {
            throw AdminException.invalid(e.getMessage());
        }
        try {
            store.load(contents);
        } catch (IllegalArgumentException e) {
            throw new AdminException(409, "conflict", e.getMessage());
        }
        return new Imported(contents.accounts().size(), contents.keys().size(), contents.usage().size());
    }
}
