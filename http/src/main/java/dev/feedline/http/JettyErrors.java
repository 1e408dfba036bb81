package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.http.aio.AioRoutes;
import dev.feedline.json.Json;
import java.nio.ByteBuffer;
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
        response.write(true, ByteBuffer.wrap(body(code, message, path != null && path.startsWith(AioRoutes.PREFIX))), callback);
    }

    /** A request Jetty could not parse: there is no path to go by, so the API's own shape. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason, false));
    }

    static byte[] body(int status, String message, boolean adafruitIo) {
        String detail = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
        if (adafruitIo) return Json.bytes(AioRoutes.error(detail));
        ObjectNode body = Json.object();
        body.put("detail", detail);
        body.put("code", ErrorResponses.codeFor(status));
        return Json.bytes(body);
    }
}
