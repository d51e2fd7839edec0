package org.collectiveloss.weights;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The area under the ROC curve of a score as a detector of positive instances, in its Mann–Whitney form: the
 * probability that a randomly drawn positive scores higher than a randomly drawn negative, ties counting one
 * half (Hanley and McNeil, "The meaning and use of the area under a receiver operating characteristic (ROC)
 * curve", Radiology 143, 1982). With the ranks r of all scores, tied scores sharing their mean rank,
 * {@code AUROC = (sum of the positives' ranks - P (P + 1) / 2) / (P N)} for P positives and N negatives.
 *
 * <p>0.5 is chance, 1 a perfect detector, below 0.5 a detector that points the wrong way. Undefined (an
 * {@link IllegalArgumentException}) without at least one positive and one negative.
 */
public final class Auroc {

    private Auroc() {
    }

    /**
     * AUROC of {@code scores} for the instances marked in {@code positive}.
     *
     * @throws IllegalArgumentException if the arrays differ in length, a score is NaN, or one class is missing
     */
    public static double of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length
                + " positive marks; give one mark per score.");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("Score " + i + " is NaN; every instance needs a score.");
            }
        }
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        long numPositive = 0;
        double positiveRankSum = 0.0;
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            // Ranks start..end (1-based start+1..end+1) share their mean.
            double meanRank = (start + end) / 2.0 + 1.0;
            for (int j = start; j <= end; j++) {
                if (positive[order[j]]) {
                    numPositive++;
                    positiveRankSum += meanRank;
                }
            }
            start = end + 1;
        }
        long numNegative = scores.length - numPositive;
        requireBothClasses(numPositive, numNegative);
        return (positiveRankSum - numPositive * (numPositive + 1) / 2.0) / ((double) numPositive * numNegative);
    }

    /**
     * AUROC from counts per distinct score, the form a distributed aggregation yields: {@code scores} strictly
     * increasing, {@code positives[i]} and {@code negatives[i]} the instances of each kind with score
     * {@code scores[i]}. Equal to {@link #of} on the expanded data.
     *
     * @throws IllegalArgumentException if the arrays differ in length, scores are not strictly increasing, a count
     *                                  is negative, or one class is missing
     */
    public static double fromCounts(double[] scores, long[] positives, long[] negatives) {
        if (scores.length != positives.length || scores.length != negatives.length) {
            throw new IllegalArgumentException("scores, positives and negatives must have one length; got "
                + scores.length + ", " + positives.length + ", " + negatives.length + ".");
        }
        long totalPositive = 0;
        long totalNegative = 0;
        double wins = 0.0;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i]) || (i > 0 && !(scores[i] > scores[i - 1]))) {
                throw new IllegalArgumentException("scores must be strictly increasing and not NaN; score " + i
                    + " is " + scores[i] + (i > 0 ? " after " + scores[i - 1] : "") + ".");
            }
            if (positives[i] < 0 || negatives[i] < 0) {
                throw new IllegalArgumentException("Counts at score " + scores[i] + " are negative.");
            }
            // Each positive beats every negative below it and ties with those at its own score.
            wins += positives[i] * (totalNegative + 0.5 * negatives[i]);
            totalPositive += positives[i];
            totalNegative += negatives[i];
        }
        requireBothClasses(totalPositive, totalNegative);
        return wins / ((double) totalPositive * totalNegative);
    }

    private static void requireBothClasses(long numPositive, long numNegative) {
        if (numPositive == 0 || numNegative == 0) {
            throw new IllegalArgumentException("AUROC needs at least one positive and one negative instance; got "
                + numPositive + " positive and " + numNegative + " negative.");
        }
    }
}
