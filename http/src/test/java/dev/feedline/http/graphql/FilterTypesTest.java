package dev.feedline.http.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The generated input types follow the object types' scalar fields. */
class FilterTypesTest {
    @Test
    void eachTypeGetsABoolExpAnOrderByAndAPageFromItsScalarFields() {
        String sdl = FilterTypes.complete("""
                scalar DateTime
                type Query { things(LIST Thing): [Thing!]! things_page(PAGE Thing): Thing_page! }
                type Thing { slug: String! size: Int weight: Float on: Boolean at: DateTime tags: [String!] parts(LIST Thing): [Thing!]! }
                """);
        assertThat(sdl).contains("things(where: Thing_bool_exp, order_by: [Thing_order_by!], limit: Int, offset: Int)",
                "things_page(where: Thing_bool_exp, order_by: [Thing_order_by!], first: Int, after: String, offset: Int)",
                "  slug: String_comparison_exp\n", "  size: Int_comparison_exp\n", "  weight: Float_comparison_exp\n",
                "  on: Boolean_comparison_exp\n", "  at: DateTime_comparison_exp\n", "  _not: Thing_bool_exp\n",
                "input Thing_order_by {\n  slug: order_by\n", "type Thing_page {\n  nodes: [Thing!]!");
        assertThat(sdl).doesNotContain("tags: String_comparison_exp").doesNotContain("parts: ").doesNotContain("Query_bool_exp");
    }
}
