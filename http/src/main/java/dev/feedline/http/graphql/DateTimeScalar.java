package dev.feedline.http.graphql;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.WireTime;
import graphql.language.StringValue;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import java.time.Instant;

/** DateTime: an Instant, written as the REST API writes times (WireTime) and read from any ISO-8601 instant. */
final class DateTimeScalar {
    private DateTimeScalar() {}

    static final GraphQLScalarType TYPE = GraphQLScalarType.newScalar().name("DateTime")
            .description("An instant in UTC, ISO-8601").coercing(new Coercing<Instant, String>() {
                @Override
                public String serialize(Object value) { return value instanceof Instant t ? WireTime.format(t) : String.valueOf(value); }

                @Override
                public Instant parseValue(Object input) {
                    try {
                        return WireTime.parse("DateTime", String.valueOf(input));
                    } catch (FeedlineException e) {
                        throw new CoercingParseValueException("not an ISO-8601 instant: " + input);
                    }
                }

                @Override
                public Instant parseLiteral(Object input) {
                    if (!(input instanceof StringValue s)) throw new CoercingParseLiteralException("a DateTime is an ISO-8601 string");
                    try {
                        return WireTime.parse("DateTime", s.getValue());
                    } catch (FeedlineException e) {
                        throw new CoercingParseLiteralException("not an ISO-8601 instant: " + s.getValue());
                    }
                }
            }).build();
}
