package safeguard.linkage;

/**
 * DuckDB's jaro_similarity, jaro_winkler_similarity and levenshtein, for Spark (engines.py
 * compiles this with the Janino compiler Spark itself ships, so no JDK is needed).
 *
 * Spark 4.3's own jaro_winkler_similarity and the jar inside the Splink wheel count an odd
 * number of out-of-order matches as half a transposition and always add the Winkler bonus;
 * DuckDB rounds the transpositions down, adds the bonus only above 0.7, in one rounding (a
 * fused multiply-add). DuckDB measures all three on UTF-8 bytes, Spark on characters (an
 * accented letter is two edits in DuckDB, one in Spark). These functions do what DuckDB does,
 * step for step, so a saved model puts every pair in the same level on both engines
 * (tests/test_engines.py checks them against DuckDB on generated strings).
 *
 * Written for Janino: no generics (the UDF interface is implemented with Object arguments),
 * no lambdas.
 */
public final class DuckDBSimilarity {
    private DuckDBSimilarity() {}

    private static byte[] utf8(Object text) {
        return ((String) text).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Greedy matching: each byte of a takes the first unmatched equal byte of b within the
     * window; half the out-of-order matches, rounded down, are transpositions. */
    public static double jaro(byte[] a, byte[] b) {
        int lengthA = a.length;
        int lengthB = b.length;
        if (lengthA == 0 || lengthB == 0) {
            return 0.0;
        }
        int reach = Math.max(Math.max(lengthA, lengthB) / 2 - 1, 0);
        boolean[] matchedA = new boolean[lengthA];
        boolean[] matchedB = new boolean[lengthB];
        int matches = 0;
        for (int i = 0; i < lengthA; i++) {
            int high = Math.min(i + reach + 1, lengthB);
            for (int j = Math.max(0, i - reach); j < high; j++) {
                if (!matchedB[j] && a[i] == b[j]) {
                    matchedA[i] = true;
                    matchedB[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0.0;
        }
        int outOfOrder = 0;
        int j = 0;
        for (int i = 0; i < lengthA; i++) {
            if (matchedA[i]) {
                while (!matchedB[j]) {
                    j++;
                }
                if (a[i] != b[j]) {
                    outOfOrder++;
                }
                j++;
            }
        }
        int transpositions = outOfOrder / 2;
        return ((double) matches / lengthA + (double) matches / lengthB
                + (double) (matches - transpositions) / matches) / 3.0;
    }

    /** Jaro, plus 0.1 for each of up to 4 leading bytes in common, above 0.7 only. */
    public static double jaroWinkler(byte[] a, byte[] b) {
        double similarity = jaro(a, b);
        if (similarity > 0.7) {
            int limit = Math.min(4, Math.min(a.length, b.length));
            int prefix = 0;
            while (prefix < limit && a[prefix] == b[prefix]) {
                prefix++;
            }
            similarity = Math.fma(prefix * 0.1, 1.0 - similarity, similarity);
        }
        return similarity;
    }

    /** Edits (insert, delete, substitute one byte) from a to b. */
    public static int levenshtein(byte[] a, byte[] b) {
        int[] previous = new int[b.length + 1];
        int[] current = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            current[0] = i;
            for (int j = 1; j <= b.length; j++) {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length];
    }

    /** levenshtein(a, b) as a Spark UDF. */
    public static final class Levenshtein implements org.apache.spark.sql.api.java.UDF2 {
        public Object call(Object a, Object b) {
            if (a == null || b == null) {
                return null;
            }
            return Integer.valueOf(levenshtein(utf8(a), utf8(b)));
        }
    }

    /** jaro_similarity(a, b) as a Spark UDF. */
    public static final class Jaro implements org.apache.spark.sql.api.java.UDF2 {
        public Object call(Object a, Object b) {
            if (a == null || b == null) {
                return null;
            }
            return Double.valueOf(jaro(utf8(a), utf8(b)));
        }
    }

    /** jaro_winkler_similarity(a, b) as a Spark UDF. */
    public static final class JaroWinkler implements org.apache.spark.sql.api.java.UDF2 {
        public Object call(Object a, Object b) {
            if (a == null || b == null) {
                return null;
            }
            return Double.valueOf(jaroWinkler(utf8(a), utf8(b)));
        }
    }
}
