package dev.llmrelay.core.translate.codeassist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.TranslationException;
import dev.llmrelay.core.translate.json.JsonTrees;
import java.util.Optional;

/**
 * Code Assist's envelopes around Gemini bodies (PROTOCOLS.md §4.6): a request is
 * {@code {"model", "project", "request": <Gemini request>}}, an answer or a streamed chunk is
 * {@code {"response": <Gemini answer>, "traceId"}}. An error chunk is not enveloped in either API.
 */
final class CodeAssistEnvelope {
    private final JsonTrees json;

    CodeAssistEnvelope(JsonTrees json) {
        this.json = json;
    }

    /** A Code Assist request for {@code model} in {@code project} around a Gemini request. */
    byte[] wrapRequest(byte[] geminiRequest, String model, String project) {
        ObjectNode envelope = JsonTrees.object().put("model", model).put("project", project);
        envelope.set("request", json.readObject(geminiRequest, "the translated request"));
        return json.writeBytes(envelope);
    }

    /**
     * The Gemini request inside a Code Assist request, without Code Assist's own {@code session_id} (the Gemini
     * API refuses members it does not know); 400 when it holds none.
     */
    byte[] unwrapRequest(byte[] codeAssistRequest) {
        JsonNode request = json.readObject(codeAssistRequest, "the request body").path("request");
        if (!request.isObject()) {
            throw new TranslationException("a Code Assist request holds its Gemini request in \"request\"");
        }
        ObjectNode gemini = ((ObjectNode) request).deepCopy();
        gemini.remove("session_id");
        return json.writeBytes(gemini);
    }

    /** A Gemini answer (or chunk) as Code Assist sends it; an error object stays as it is. */
    String wrapAnswer(String geminiAnswer) {
        JsonNode answer = json.readValue(geminiAnswer, "the translated answer");
        if (answer.has("error")) {
            return geminiAnswer;
        }
        ObjectNode envelope = JsonTrees.object();
        envelope.set("response", answer);
        return json.writeString(envelope);
    }

    /** The Gemini answer (or chunk) inside a Code Assist one; anything else (an error) as it is. */
    String unwrapAnswer(String codeAssistAnswer) {
        Optional<JsonNode> answer = json.tryParse(codeAssistAnswer);
        if (answer.isEmpty() || !answer.get().path("response").isObject()) {
            return codeAssistAnswer;
        }
        JsonNode response = answer.get().get("response");
        if (!response.has("responseId") && answer.get().path("traceId").isTextual()) {
            ((ObjectNode) response).put("responseId", answer.get().get("traceId").asText());
        }
        return json.writeString(response);
    }
}
