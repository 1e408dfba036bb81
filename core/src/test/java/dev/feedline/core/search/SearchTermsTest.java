package dev.feedline.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a query becomes words, where a result links to, and which bit of its text it shows. */
class SearchTermsTest {
    @Test
    void wordsAreSplitAtWhiteSpaceAndThoseWithoutALetterOrDigitAreDropped() {
        assertThat(Search.terms("  pump   NEAR( \"  * d--0000-00aa ")).containsExactly("pump", "NEAR(", "d--0000-00aa");
        assertThat(Search.terms("Zürich 日本")).containsExactly("Zürich", "日本");
        assertThat(Search.terms("a ".repeat(40))).hasSize(Search.MAX_TERMS);
    }

    @Test
    void noWordAndTooLongAreInvalid() {
        for (String q : new String[] {null, "", "   ", "\" * ( )", "-- ::"}) {
            assertThatThrownBy(() -> Search.terms(q)).as(String.valueOf(q))
                    .isInstanceOfSatisfying(FeedlineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
        }
        assertThatThrownBy(() -> Search.terms("x".repeat(Search.MAX_QUERY + 1))).isInstanceOf(FeedlineException.class);
        assertThat(Search.terms("x".repeat(Search.MAX_QUERY))).hasSize(1);
    }

    @Test
    void linksLeadToTheObjectOrWhatItIsAttachedTo() {
        assertThat(Search.link("device", "d--0000-0000-0000-00aa")).isEqualTo("#/device/d--0000-0000-0000-00aa");
        assertThat(Search.link("variable", "v--0000-0002--5001")).isEqualTo("#/project/p--0000-0002");
        assertThat(Search.link("note", "s--0000-0002--0000-0000-0000-00aa--5001")).isEqualTo("#/stream/s--0000-0002--0000-0000-0000-00aa--5001");
        assertThat(Search.link("property", "p--0000-0002")).isEqualTo("#/project/p--0000-0002");
        assertThat(Search.link("note", "b--0001-0000-0000-00aa")).isEqualTo("#/block/b--0001-0000-0000-00aa");
        assertThat(Search.link("note", "t--0000")).isNull();
        assertThat(Search.link("property", "x")).isNull();
    }

    @Test
    void aSnippetIsTheTextAroundTheFirstWordFound() {
        assertThat(Snippets.around("short text", List.of("zzz"))).isEqualTo("short text");
        String text = "a".repeat(300) + " gasket " + "b".repeat(300);
        String s = Snippets.around(text, List.of("GASKET"));
        assertThat(s).contains("gasket").startsWith("…").endsWith("…");
        assertThat(s.length()).isLessThanOrEqualTo(Snippets.WIDTH + 2);
        assertThat(Snippets.around(text, List.of("nowhere"))).startsWith("aaa").endsWith("…");
    }
}
