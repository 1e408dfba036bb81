package dev.feedline.http;

import dev.feedline.json.Json;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches the routes — an ambiguous path such as
 * {@code /%2e%2e/}, a malformed request line or header, headers too large — in the API's one JSON shape
 * ({@link ErrorResponses}) instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(path, code, message)), callback);
    }

    /** A request Jetty could not parse: there is no path to go by, so the API's own shape. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(null, status, reason));
    }

    private static byte[] body(String path, int status, String message) {
        String detail = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
        return Json.bytes(ErrorResponses.body(path, ErrorResponses.codeFor(status), detail, Map.of()));
    }
}
