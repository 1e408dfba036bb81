package dev.feedline.http.graphql;

import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.SchemaPrinter;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.dataloader.DataLoaderRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feedline's GraphQL API, independent of its transport: the schema, its resolvers and limits, and {@link #execute},
 * which runs one operation for an authenticated caller. The HTTP routes use it; a WebSocket transport
 * (graphql-transport-ws) would authenticate its connection the same way and call the same method.
 */
public final class FeedlineGraphQl {
    private static final Logger log = LoggerFactory.getLogger(FeedlineGraphQl.class);
    private final Services services;
    private final GraphQlLimits limits;
    private final GraphQLSchema schema;
    private final GraphQL graphQl;
    private final GraphQL introspection;

    public FeedlineGraphQl(Services services, GraphQlLimits limits) { this(services, limits, null); }

    /** With the live API's hub, which the subscriptions follow events on (without it, subscribing fails). */
    public FeedlineGraphQl(Services services, GraphQlLimits limits, dev.feedline.http.live.LiveHub hub) {
        this.services = services;
        this.limits = limits;
        this.schema = schema(hub);
        this.graphQl = GraphQL.newGraphQL(schema)
                .defaultDataFetcherExceptionHandler(new Errors())
                .instrumentation(new ChainedInstrumentation(List.of(
                        new MaxQueryDepthInstrumentation(limits.maxDepth()),
                        new MaxQueryComplexityInstrumentation(limits.maxComplexity(), (env, child) -> {
                            // A list field with a limit costs that many times its selection. Without one, a time
                            // series (data, events, notes, locations: a from and a limit argument) costs what it then
                            // returns, graphql.max.limit rows; other lists once (relationships are short; the answer's
                            // object count and the timeout bound them).
                            Object n = env.getArguments().getOrDefault("limit", env.getArguments().getOrDefault("first", env.getArguments().get("newest")));
                            var field = env.getFieldDefinition();
                            boolean timeSeries = field.getArgument("from") != null && field.getArgument("limit") != null;
                            int times = n instanceof Integer i ? Math.max(1, i) : timeSeries ? limits.maxLimit() : 1;
                            return (int) Math.min(Integer.MAX_VALUE, 1L + (long) child * times);
                        }),
                        new Deadline())))
                .build();
        // Introspection (GraphiQL's schema query nests ofType deeper than any data query needs) reads only the schema:
        // no depth or complexity limit, but graphql-java's good-faith introspection checks and the deadline still apply.
        this.introspection = GraphQL.newGraphQL(schema).defaultDataFetcherExceptionHandler(new Errors()).instrumentation(new Deadline()).build();
    }

    public GraphQlLimits limits() { return limits; }

    /** The schema as SDL, as introspection describes it. */
    public String sdl() { return new SchemaPrinter(SchemaPrinter.Options.defaultOptions().includeDirectives(false)).print(schema); }

    /**
     * Runs one operation for an authenticated caller. The answer's extensions carry the data loaders' statistics
     * (loads and batch calls), which show that a list's relationships cost one call, not one per object.
     */
    public CompletableFuture<ExecutionResult> execute(Caller caller, String query, String operationName, Map<String, Object> variables) {
        return execute(caller, query, operationName, variables, n -> {});
    }

    /**
     * As above; a subscription operation answers a result whose data is a {@code Publisher<ExecutionResult>} of its
     * events, and {@code missed} is told how many of its events were dropped (the subscriber had no demand, or the
     * live hub fell behind).
     */
    public CompletableFuture<ExecutionResult> execute(Caller caller, String query, String operationName, Map<String, Object> variables,
                                                      java.util.function.LongConsumer missed) {
        boolean live = operationType(query, operationName) == graphql.language.OperationDefinition.Operation.SUBSCRIPTION;
        RequestScope scope = new RequestScope(services, caller, live ? limits.forSubscription() : limits, live);
        DataLoaderRegistry loaders = Loaders.of(scope);
        ExecutionInput input = ExecutionInput.newExecutionInput(query).operationName(operationName)
                .variables(variables == null ? Map.of() : variables)
                .graphQLContext(Map.of(RequestScope.class, scope, Subscriptions.MISSED, missed))
                .dataLoaderRegistry(loaders).build();
        return (introspectionOnly(query, operationName) ? introspection : graphQl).executeAsync(input).thenApply(result -> result.getData() == null && !result.isDataPresent() ? result
                : result.transform(b -> b.addExtension("loaders", Loaders.statistics(loaders))));
    }

    /** The type of the operation that would run (null when the document does not parse or names no such operation). */
    public static graphql.language.OperationDefinition.Operation operationType(String query, String operationName) {
        try {
            var ops = graphql.parser.Parser.parse(query).getDefinitionsOfType(graphql.language.OperationDefinition.class);
            return ops.stream().filter(o -> operationName == null ? ops.size() == 1 : operationName.equals(o.getName()))
                    .findFirst().map(graphql.language.OperationDefinition::getOperation).orElse(null);
        } catch (RuntimeException e) {
            return null; // the engine reports what does not parse
        }
    }

    /** Whether the operation asks only for the schema (__schema, __type, __typename at its top). */
    static boolean introspectionOnly(String query, String operationName) {
        try {
            var ops = graphql.parser.Parser.parse(query).getDefinitionsOfType(graphql.language.OperationDefinition.class);
            var op = ops.stream().filter(o -> operationName == null ? ops.size() == 1 : operationName.equals(o.getName())).findFirst();
            return op.isPresent() && op.get().getOperation() == graphql.language.OperationDefinition.Operation.QUERY
                    && op.get().getSelectionSet().getSelections().stream()
                    .allMatch(sel -> sel instanceof graphql.language.Field f && f.getName().startsWith("__"));
        } catch (RuntimeException e) {
            return false; // the engine reports what does not parse
        }
    }

    private GraphQLSchema schema(dev.feedline.http.live.LiveHub hub) {
        String sdl = FilterTypes.complete(resource("/graphql/feedline.graphqls"));
        TypeDefinitionRegistry types = new SchemaParser().parse(sdl);
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring().scalar(DateTimeScalar.TYPE);
        java.util.Set<String> queryFields = new java.util.HashSet<>();
        types.getType("Query").ifPresent(t -> ((graphql.language.ObjectTypeDefinition) t).getFieldDefinitions().forEach(f -> queryFields.add(f.getName())));
        Queries.wire(wiring, queryFields);
        Relations.wire(wiring);
        Mutations.wire(wiring);
        Subscriptions.wire(wiring, hub);
        return new SchemaGenerator().makeExecutableSchema(types, wiring.build());
    }

    private static String resource(String path) {
        try (InputStream in = FeedlineGraphQl.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    /** Stops a request that runs past graphql.timeout.millis: every resolver first checks the request's deadline. */
    private static final class Deadline extends SimplePerformantInstrumentation {
        @Override
        public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
            RequestScope scope = parameters.getEnvironment().getGraphQlContext().get(RequestScope.class);
            return env -> {
                scope.checkDeadline();
                return fetcher.get(env);
            };
        }
    }

    /**
     * A resolver's failure as a GraphQL error: a use case's refusal keeps its message and says its kind in
     * extensions.code (INVALID, FORBIDDEN, TOO_LARGE, …) with the fields it names; anything else is logged and
     * answered as an internal error, never with a stack trace.
     */
    private static final class Errors implements DataFetcherExceptionHandler {
        @Override
        public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(graphql.execution.DataFetcherExceptionHandlerParameters p) {
            Throwable e = p.getException();
            while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) e = e.getCause();
            Map<String, Object> extensions = new LinkedHashMap<>();
            String message;
            if (e instanceof FeedlineException f) {
                message = f.getMessage();
                extensions.put("code", f.kind().name());
                if (!f.fieldErrors().isEmpty()) extensions.put("fields", f.fieldErrors());
                if (f.retryAfterSeconds() != null) extensions.put("retry_after", f.retryAfterSeconds());
            } else {
                log.error("GraphQL resolver {} failed", p.getPath(), e);
                message = "internal error";
                extensions.put("code", "INTERNAL");
            }
            // The classification is the kind too (graphql-java's default would name a Java exception class to clients).
            var error = GraphqlErrorBuilder.newError().message(message).path(p.getPath()).location(p.getSourceLocation())
                    .errorType(graphql.ErrorClassification.errorClassification((String) extensions.get("code"))).extensions(extensions).build();
            return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
        }
    }
}
