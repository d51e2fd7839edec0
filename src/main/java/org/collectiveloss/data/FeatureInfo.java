package org.collectiveloss.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Names of the entries of the feature vector and where one-hot encoded nominal attributes sit in it.
 *
 * <p>A nominal attribute with values {@code v1..vk} becomes k adjacent 0/1 entries named
 * {@code attribute=value}, one per declared value, in declared order (no value is dropped as a reference level,
 * so every block sums to 1). A missing nominal value is NaN in all k entries until {@link MissingValueImputer}
 * fills the block with the training mode.
 *
 * @param names         one name per vector entry
 * @param nominalBlocks the one-hot blocks, ascending and non-overlapping; empty for all-numeric data
 */
public record FeatureInfo(List<String> names, List<NominalBlock> nominalBlocks) implements Serializable {

    /**
     * One nominal attribute expanded to one-hot entries.
     *
     * @param attribute the attribute's name in the source
     * @param start     index of its first entry in the feature vector
     * @param values    its declared values, one entry each
     */
    public record NominalBlock(String attribute, int start, List<String> values) implements Serializable {

        public NominalBlock {
            Objects.requireNonNull(attribute, "attribute");
            values = List.copyOf(values);
            if (start < 0 || values.isEmpty()) {
                throw new IllegalArgumentException("Nominal block '" + attribute + "' needs start >= 0 and at "
                    + "least one value; got start=" + start + ", values=" + values + ".");
            }
        }

        /** Number of vector entries, the number of declared values. */
        public int width() {
            return values.size();
        }

        /** Index one past the block's last entry. */
        public int end() {
            return start + values.size();
        }
    }

    public FeatureInfo {
        names = List.copyOf(names);
        nominalBlocks = List.copyOf(nominalBlocks);
        int previousEnd = 0;
        for (NominalBlock b : nominalBlocks) {
            if (b.start() < previousEnd || b.end() > names.size()) {
                throw new IllegalArgumentException("Nominal block '" + b.attribute() + "' [" + b.start() + ", "
                    + b.end() + ") overlaps another or lies outside the " + names.size() + " features.");
            }
            previousEnd = b.end();
        }
    }

    /** Features {@code f0 .. f(n-1)}, all numeric. */
    public static FeatureInfo unnamed(int numFeatures) {
        return numeric(IntStream.range(0, numFeatures).mapToObj(i -> "f" + i).collect(Collectors.toList()));
    }

    /** All-numeric features with the given names. */
    public static FeatureInfo numeric(List<String> names) {
        return new FeatureInfo(names, List.of());
    }

    /** The number of vector entries. */
    public int size() {
        return names.size();
    }

    /** The index of the numeric entries, those outside every one-hot block. */
    public int[] numericIndices() {
        boolean[] nominal = new boolean[names.size()];
        for (NominalBlock b : nominalBlocks) {
            for (int i = b.start(); i < b.end(); i++) {
                nominal[i] = true;
            }
        }
        List<Integer> numeric = new ArrayList<>();
        for (int i = 0; i < nominal.length; i++) {
            if (!nominal[i]) {
                numeric.add(i);
            }
        }
        return numeric.stream().mapToInt(Integer::intValue).toArray();
    }
}
