package io.petrel.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Set;
import java.util.TreeSet;

/**
 * One topic subscription of a consumer group: the expression and, for TAG expressions, the tags
 * and their hash codes (the broker filters on the codes, the client on the exact tags).
 */
public record SubscriptionData(boolean classFilterMode, String topic, String subString, Set<String> tagsSet,
        Set<Integer> codeSet, long subVersion, String expressionType) {

    public static final String SUB_ALL = "*";
    public static final String TAG = "TAG";
    public static final String SQL92 = "SQL92";

    public SubscriptionData {
        tagsSet = tagsSet == null ? new TreeSet<>() : new TreeSet<>(tagsSet);
        codeSet = codeSet == null ? new TreeSet<>() : new TreeSet<>(codeSet);
        if (expressionType == null) {
            expressionType = TAG;
        }
    }

    @JsonIgnore
    public boolean subscribesAll() {
        return subString == null || subString.isBlank() || SUB_ALL.equals(subString.trim());
    }

    @JsonIgnore
    public boolean isTagType() {
        return TAG.equals(expressionType);
    }
}
