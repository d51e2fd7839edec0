/**
 * The statistical report of an experiment: reads {@code runs.csv} ({@link org.collectiveloss.report.RunsTable}),
 * tests the methods against the {@code uniform} baseline and against one another
 * ({@link org.collectiveloss.report.SignedRankTest}, {@link org.collectiveloss.report.FriedmanTest},
 * {@link org.collectiveloss.report.NemenyiTest}, {@link org.collectiveloss.report.HolmCorrection}, after J. Demšar,
 * "Statistical Comparisons of Classifiers over Multiple Data Sets", JMLR 7:1-30, 2006), draws the plots
 * ({@link org.collectiveloss.report.NoiseCurveChart}, {@link org.collectiveloss.report.CriticalDifferenceDiagram})
 * and writes HTML, Markdown and LaTeX ({@link org.collectiveloss.report.ExperimentReport}).
 *
 * <p>Spark-free: the report reads one CSV file and needs no Spark session. The statistics classes take plain
 * arrays and can be used on their own.
 */
package org.collectiveloss.report;
