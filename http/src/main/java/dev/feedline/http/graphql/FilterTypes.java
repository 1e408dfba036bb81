package dev.feedline.http.graphql;

import graphql.language.FieldDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.util.Map;
import java.util.Set;

/**
 * Writes the Hasura-style input types of the schema from its object types, so they cannot drift from the fields: for
 * each type T a T_bool_exp (each scalar field with its comparison operators, plus _and, _or, _not), a T_order_by (each
 * scalar field with a direction) and a T_page (a page of a cursor-paginated list). The written schema uses
 * {@code LIST T} and {@code PAGE T} for a list field's arguments.
 */
final class FilterTypes {
    private static final Set<String> NOT_ROWS = Set.of("Query", "Mutation", "Aggregate", "AggregateFields", "NewDevice", "WriteResult",
            "Subscription", "PointEvent", "PresenceEvent", "AlarmEvent");
    private static final Map<String, String> COMPARISON = Map.of("String", "String", "ID", "String", "Int", "Int", "Float", "Float",
            "Boolean", "Boolean", "DateTime", "DateTime");

    private FilterTypes() {}

    /** The schema's text with LIST/PAGE expanded and the generated types added. */
    static String complete(String written) {
        String sdl = written
                .replaceAll("\\bLIST (\\w+)", "where: $1_bool_exp, order_by: [$1_order_by!], limit: Int, offset: Int")
                .replaceAll("\\bPAGE (\\w+)", "where: $1_bool_exp, order_by: [$1_order_by!], first: Int, after: String, offset: Int");
        // Parsed alone first (the generated names it refers to do not exist yet: parsing does not check them).
        TypeDefinitionRegistry types = new SchemaParser().parse(sdl);
        StringBuilder out = new StringBuilder(sdl).append('\n').append(COMMON);
        for (ObjectTypeDefinition t : types.getTypes(ObjectTypeDefinition.class)) {
            if (NOT_ROWS.contains(t.getName())) continue;
            StringBuilder where = new StringBuilder("input ").append(t.getName()).append("_bool_exp {\n  _and: [")
                    .append(t.getName()).append("_bool_exp!]\n  _or: [").append(t.getName()).append("_bool_exp!]\n  _not: ")
                    .append(t.getName()).append("_bool_exp\n");
            StringBuilder order = new StringBuilder("input ").append(t.getName()).append("_order_by {\n");
            for (FieldDefinition f : t.getFieldDefinitions()) {
                String scalar = scalar(f.getType());
                if (!f.getInputValueDefinitions().isEmpty() || scalar == null || !COMPARISON.containsKey(scalar)) continue;
                where.append("  ").append(f.getName()).append(": ").append(COMPARISON.get(scalar)).append("_comparison_exp\n");
                order.append("  ").append(f.getName()).append(": order_by\n");
            }
            out.append(where).append("}\n").append(order).append("}\n");
            out.append("\"A page of ").append(t.getName()).append("s; next_cursor is the after of the next page (null on the last).\"\n")
                    .append("type ").append(t.getName()).append("_page {\n  nodes: [").append(t.getName())
                    .append("!]!\n  next_cursor: String\n  total_count: Int!\n}\n");
        }
        return out.toString();
    }

    /** The scalar a field holds, or null for a list or an object. */
    private static String scalar(Type<?> type) {
        Type<?> t = type instanceof NonNullType nn ? nn.getType() : type;
        if (t instanceof ListType) return null;
        return ((TypeName) t).getName();
    }

    private static final String COMMON = """
            "Sort direction; nulls come last ascending and first descending unless said."
            enum order_by { asc asc_nulls_first asc_nulls_last desc desc_nulls_first desc_nulls_last }
            input String_comparison_exp { _eq: String _neq: String _gt: String _gte: String _lt: String _lte: String
              _in: [String!] _nin: [String!] _like: String _ilike: String _is_null: Boolean }
            input Int_comparison_exp { _eq: Int _neq: Int _gt: Int _gte: Int _lt: Int _lte: Int _in: [Int!] _nin: [Int!] _is_null: Boolean }
            input Float_comparison_exp { _eq: Float _neq: Float _gt: Float _gte: Float _lt: Float _lte: Float
              _in: [Float!] _nin: [Float!] _is_null: Boolean }
            input Boolean_comparison_exp { _eq: Boolean _neq: Boolean _is_null: Boolean }
            input DateTime_comparison_exp { _eq: DateTime _neq: DateTime _gt: DateTime _gte: DateTime _lt: DateTime _lte: DateTime
              _in: [DateTime!] _nin: [DateTime!] _is_null: Boolean }
            """;
}
