package dev.feedline.bench;

/** One benchmark scenario of issue 6 (S1–S6), runnable by name. */
interface Scenario {
    String name();

    /** What it measures, with the targets, for --help and the report. */
    String title();

    void run(Bench bench, Report report) throws Exception;
}
