package dev.feedline.http.graphql;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.auth.Authenticator;
import dev.feedline.http.Http;
import dev.feedline.http.Router;
import dev.feedline.json.Json;
import graphql.ExecutionResult;
import graphql.language.OperationDefinition;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * GraphQL over HTTP (docs/GRAPHQL.md): POST /api/graphql with {"query", "variables", "operationName"}, GET with the
 * same as query parameters (queries only: a mutation over GET is a 405, so a link cannot change anything), and the
 * schema as SDL. Authentication is the REST API's (the Router's guard: JWT or API key, a 401 before anything runs).
 * Answers follow the GraphQL-over-HTTP convention: 200 for an operation that ran (its errors in "errors"), 400 for a
 * request that could not run (not JSON, no query, a query that does not parse or validate, or one over the depth and
 * complexity limits), both in GraphQL's {"errors": [...]} shape.
 */
public final class GraphQlRoutes {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private final FeedlineGraphQl graphQl;
    private final Authenticator authenticator;

    public GraphQlRoutes(FeedlineGraphQl graphQl, Authenticator authenticator) {
        this.graphQl = graphQl;
        this.authenticator = authenticator;
    }

    public void register(Router r) {
        r.post("/api/graphql", this::post);
        r.get("/api/graphql", this::get);
        String sdl = graphQl.sdl();
        r.get("/api/graphql/schema.graphql", ctx -> ctx.contentType("text/plain; charset=utf-8").result(sdl));
    }

    private void post(Context ctx) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (Exception e) {
            requestError(ctx, 400, "the body is not JSON; send {\"query\": \"...\", \"variables\": {...}}");
            return;
        }
        if (body == null || !body.isObject() || !body.path("query").isTextual()) {
            requestError(ctx, 400, "a JSON object with a \"query\" string is required");
            return;
        }
        JsonNode vars = body.path("variables");
        if (!vars.isMissingNode() && !vars.isNull() && !vars.isObject()) {
            requestError(ctx, 400, "\"variables\" must be a JSON object");
            return;
        }
        Map<String, Object> variables = vars.isObject() ? Json.MAPPER.convertValue(vars, MAP) : Map.of();
        String operation = body.path("operationName").isTextual() ? body.path("operationName").asText() : null;
        run(ctx, body.path("query").asText(), operation, variables);
    }

    private void get(Context ctx) {
        String query = ctx.queryParam("query");
        if (query == null || query.isBlank()) {
            requestError(ctx, 400, "the query parameter \"query\" is required");
            return;
        }
        Map<String, Object> variables = Map.of();
        String vars = ctx.queryParam("variables");
        if (vars != null && !vars.isBlank()) {
            try {
                variables = Json.MAPPER.readValue(vars, MAP);
            } catch (Exception e) {
                requestError(ctx, 400, "\"variables\" must be a JSON object");
                return;
            }
        }
        String operation = ctx.queryParam("operationName");
        if (FeedlineGraphQl.operationType(query, operation) == OperationDefinition.Operation.MUTATION) {
            ctx.header("Allow", "POST");
            requestError(ctx, 405, "mutations only over POST");
            return;
        }
        run(ctx, query, operation, variables);
    }

    private void run(Context ctx, String query, String operation, Map<String, Object> variables) {
        if (FeedlineGraphQl.operationType(query, operation) == OperationDefinition.Operation.SUBSCRIPTION) {
            requestError(ctx, 400, "subscriptions only over WebSocket: " + GraphQlSocket.PATH + " with graphql-transport-ws (docs/GRAPHQL.md)");
            return;
        }
        var caller = Http.caller(ctx, authenticator);
        ctx.future(() -> graphQl.execute(caller, query, operation, variables).thenAccept(result -> answer(ctx, result)));
    }

    private static void answer(Context ctx, ExecutionResult result) {
        // No data at all: the operation never ran (a syntax, validation or limit error), a request error.
        int status = result.isDataPresent() ? 200 : 400;
        ctx.status(status).contentType("application/json").result(Json.write(Json.MAPPER.valueToTree(result.toSpecification())));
    }

    private static void requestError(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(Json.write(Json.MAPPER.valueToTree(Map.of("errors", List.of(Map.of("message", message))))));
    }
}
