package dev.feedline.server.cli;

/** A command that cannot do what was asked, with the operator's message; exit code 1. */
final class CliFailure extends RuntimeException {
    CliFailure(String message) { super(message); }
}
