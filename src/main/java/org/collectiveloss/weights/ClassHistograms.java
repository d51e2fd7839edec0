package org.collectiveloss.weights;

import java.awt.BasicStroke;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import scala.Tuple2;

/**
 * Per-class histograms of one per-instance quantity (entropy, weight): equal-width bins over {@code [lo, hi]},
 * counted on Spark, drawn with XChart as one step line per class, each normalised to its class's size so that
 * classes of different sizes compare. NaN values (the entropy of isolated instances) are left out and counted.
 *
 * @param quantity name of the quantity, for titles and logs
 * @param lo       lower edge of the first bin
 * @param hi       upper edge of the last bin; values equal to it fall in the last bin, values outside
 *                 {@code [lo, hi]} are clamped into the first or last bin
 * @param counts   {@code counts[c][b]}: instances of class c in bin b
 * @param omitted  NaN values left out, per class
 */
public record ClassHistograms(String quantity, double lo, double hi, long[][] counts, long[] omitted) {

    public ClassHistograms {
        if (!(hi > lo) || Double.isInfinite(hi) || Double.isInfinite(lo)) {
            throw new IllegalArgumentException("Histogram range [" + lo + ", " + hi + "] of " + quantity
                + " must be finite with lo < hi.");
        }
        if (counts.length == 0 || counts[0].length == 0 || omitted.length != counts.length) {
            throw new IllegalArgumentException("Histogram of " + quantity + " needs at least one class and bin, and"
                + " one omitted count per class.");
        }
    }

    /** Number of bins. */
    public int bins() {
        return counts[0].length;
    }

    /** The bin of {@code value} among {@code bins} equal bins over {@code [lo, hi]}, clamped to the range. */
    public static int binOf(double value, double lo, double hi, int bins) {
        int b = (int) Math.floor((value - lo) / (hi - lo) * bins);
        return Math.max(0, Math.min(bins - 1, b));
    }

    /**
     * Counts {@code valueCol} per class of {@code labelCol} in {@code bins} bins over {@code [lo, hi]}.
     *
     * @param numClasses C; labels must be class indices 0..C-1
     */
    public static ClassHistograms compute(Dataset<Row> data, String labelCol, String valueCol, String quantity,
                                          int numClasses, double lo, double hi, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins=" + bins + " must be at least 1 (20 is a good choice).");
        }
        if (!(hi > lo)) {
            throw new IllegalArgumentException("Histogram range [" + lo + ", " + hi + "] of " + quantity
                + " is empty; give lo < hi.");
        }
        // Bin -1 marks a NaN value, counted apart.
        Map<Tuple2<Integer, Integer>, Long> cells = data.select(labelCol, valueCol).javaRDD()
            .mapToPair(r -> {
                int label = (int) ((Number) r.get(0)).doubleValue();
                double v = ((Number) r.get(1)).doubleValue();
                return new Tuple2<>(new Tuple2<>(label, Double.isNaN(v) ? -1 : binOf(v, lo, hi, bins)), 1L);
            })
            .reduceByKey(Long::sum)
            .collectAsMap();
        long[][] counts = new long[numClasses][bins];
        long[] omitted = new long[numClasses];
        for (Map.Entry<Tuple2<Integer, Integer>, Long> e : cells.entrySet()) {
            int c = e.getKey()._1();
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("Label " + c + " in column '" + labelCol + "' is outside 0.."
                    + (numClasses - 1) + ".");
            }
            if (e.getKey()._2() < 0) {
                omitted[c] += e.getValue();
            } else {
                counts[c][e.getKey()._2()] += e.getValue();
            }
        }
        return new ClassHistograms(quantity, lo, hi, counts, omitted);
    }

    /**
     * The chart: x the quantity, y the share of each class's (non-NaN) instances per bin, one step line per
     * class that has instances.
     *
     * @param classNames name of each class, by label index
     */
    public XYChart chart(String title, String xLabel, List<String> classNames) {
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle(xLabel)
            .yAxisTitle("share of the class").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0.00");
        chart.getStyler().setYAxisDecimalPattern("0.00");
        int bins = bins();
        double width = (hi - lo) / bins;
        for (int c = 0; c < counts.length; c++) {
            long total = Arrays.stream(counts[c]).sum();
            if (total == 0) {
                continue;
            }
            // Step lines: one point per bin's lower edge and a last one at the upper edge.
            List<Double> x = new ArrayList<>(bins + 1);
            List<Double> y = new ArrayList<>(bins + 1);
            for (int b = 0; b < bins; b++) {
                x.add(lo + b * width);
                y.add(counts[c][b] / (double) total);
            }
            x.add(hi);
            y.add(counts[c][bins - 1] / (double) total);
            String name = c < classNames.size() ? classNames.get(c) : Integer.toString(c);
            XYSeries series = chart.addSeries("class " + name + " (n=" + total + ")", x, y);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineStyle(new BasicStroke(1.5f));
        }
        return chart;
    }

    /**
     * Writes the chart as {@code base.png} and, beside it, {@code base.svg}.
     *
     * @return the two files
     */
    public List<Path> save(String title, String xLabel, List<String> classNames, Path base) {
        XYChart chart = chart(title, xLabel, classNames);
        try {
            Path parent = base.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(),
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the " + quantity + " histogram to " + base + ".png/.svg", e);
        }
        return List.of(Path.of(base + ".png"), Path.of(base + ".svg"));
    }
}
