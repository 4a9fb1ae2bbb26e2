package io.petrel.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a compatibility test as one row of the compatibility matrix: the official client feature
 * or official mqadmin command it proves. {@link CompatMatrixListener} records its outcome.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Compat.Rows.class)
public @interface Compat {

    /** What an operator or application does: "retry then DLQ", "mqadmin clusterList". */
    String value();

    Kind kind();

    /** Several rows proven by one test. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Rows {
        Compat[] value();
    }

    /** Which official tool the row is about. */
    enum Kind {
        CLIENT("official client 4.9.8"),
        MQADMIN("official mqadmin 4.9.8 (process)");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }
}
