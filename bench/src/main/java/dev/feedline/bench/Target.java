package dev.feedline.bench;

/** The Feedline under test: where its HTTP and MQTT listen, and its process for /proc figures. */
interface Target extends AutoCloseable {
    String baseUrl();

    int mqttPort();

    ProcessStats stats();

    /** "sqlite" or "postgresql", for the report. */
    String store();

    /** Seconds from process start to a healthy answer, or -1 when the harness did not start it. */
    double startSeconds();

    @Override
    void close() throws Exception;

    /** A server someone else started: the harness neither starts nor stops it. */
    record External(String baseUrl, int mqttPort, ProcessStats stats, String store) implements Target {
        @Override public double startSeconds() { return -1; }

        @Override public void close() {}
    }
}
