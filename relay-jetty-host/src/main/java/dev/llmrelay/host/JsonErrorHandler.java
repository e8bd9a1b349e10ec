package dev.llmrelay.host;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a malformed or ambiguous URI, a bad header) as the admin API's JSON error shape,
 * never an HTML page or a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        return writeJson(response, callback);
    }

    static boolean writeJson(Response response, Callback callback) {
        int status = response.getStatus();
        String type = status == 404 ? "not_found_error" : status >= 500 ? "api_error" : "invalid_request_error";
        String message = status == 404 ? "no such route" : status >= 500 ? "the relay failed on this request"
                : "the request is malformed (HTTP " + status + ")";
        byte[] body = ("{\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** The same for errors Jetty answers before any context sees the request. */
    static final class ServerLevel extends org.eclipse.jetty.server.handler.ErrorHandler {
        ServerLevel() {
            setShowStacks(false);
            setShowMessageInTitle(false);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            return writeJson(response, callback);
        }
    }
}
