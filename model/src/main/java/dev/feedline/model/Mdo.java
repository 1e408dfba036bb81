package dev.feedline.model;

/**
 * IOTile's unit arithmetic, value = raw × m ÷ d + o. m and d are integers as in the reference; neither may be 0
 * (a 0 divisor would make every value infinite, a 0 multiplier would erase the reading), which {@link #valid} checks.
 */
public record Mdo(long m, long d, double o) {
    public static final Mdo IDENTITY = new Mdo(1, 1, 0.0);

    public static boolean valid(long m, long d, double o) { return m != 0 && d != 0 && Double.isFinite(o); }

    public double apply(double raw) { return raw * m / d + o; }

    public boolean identity() { return m == d && o == 0.0; }
}
