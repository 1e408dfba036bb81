package dev.feedline.core.port;

import java.util.Collection;
import java.util.List;

/**
 * The full-text index over devices, projects, streams, variables, fleets, properties and notes (issue 17). The store
 * keeps it current itself, in the transaction that changes an object; this port only reads it.
 */
public interface SearchIndex {
    /** The kinds of object indexed, as the index names them. */
    List<String> KINDS = List.of("device", "project", "stream", "variable", "fleet", "property", "note");

    /**
     * Objects of the given orgs (and kinds; empty = all) whose title or body holds every term, best first: a term
     * matches a word sequence (a term's own punctuation splits it into words that must follow each other, so a slug
     * is a phrase), the last term also a word prefix. Terms are plain text with no syntax; they hold at least one
     * letter or digit.
     */
    Page<Hit> search(List<String> terms, Collection<Long> orgIds, Collection<String> kinds, PageRequest page);

    /** One object found: what it is, where it is, its title and indexed body text. */
    record Hit(String kind, long ref, long orgId, String slug, String title, String body) {}
}
