package dev.feedline.core.report;

/** The report formats IOTile devices and gateways upload. */
public enum ReportFormat {
    /** Binary, fmt 1: header, 16-byte readings and a footer with a hash or signature (coretools' SignedListReport). */
    SIGNED_LIST,
    /** Binary, fmt 0: exactly one reading in 20 bytes, with no id and no hash (coretools' IndividualReadingReport). */
    INDIVIDUAL,
    /** FlexibleDictionaryReport v100 as JSON (.json). */
    FLEXIBLE_JSON,
    /** FlexibleDictionaryReport v100 as MessagePack (.mp). */
    FLEXIBLE_MSGPACK
}
