package dev.llmrelay.core.answer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.core.error.ErrorRenderer;
import dev.llmrelay.core.usage.UsageExtractor;
import dev.llmrelay.core.wire.WireFormat;
import java.util.Objects;

/** Everything an answer relay needs of one protocol: its wire rules, its usage, its error shape. */
public record AnswerFormat(WireFormat wire, UsageExtractor usage, ErrorRenderer errors) {
    public AnswerFormat {
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(errors, "errors");
    }

    public static AnswerFormat of(Protocol protocol, ObjectMapper json) {
        return new AnswerFormat(WireFormat.of(protocol), UsageExtractor.forProtocol(protocol, json.getFactory()),
                ErrorRenderer.forProtocol(protocol, json));
    }
}
