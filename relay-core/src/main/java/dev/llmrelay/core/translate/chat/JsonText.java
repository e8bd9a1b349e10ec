package dev.llmrelay.core.translate.chat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes answers and stream events straight from a generator, so an event costs no tree of its own. */
final class JsonText {

    /** What goes between the generator's opening and closing; one JSON value. */
    @FunctionalInterface
    interface Body {
        void writeTo(JsonGenerator out) throws IOException;
    }

    private final JsonFactory factory;

    JsonText(ObjectMapper json) {
        this.factory = json.getFactory();
    }

    String string(Body body) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator out = factory.createGenerator(text)) {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string failed", e);
        }
        return text.toString();
    }

    byte[] bytes(Body body) {
        return string(body).getBytes(StandardCharsets.UTF_8);
    }
}
