package org.collectiveloss.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A metric against the label-noise rate for one data set: one line per method through the means over seeds,
 * with error bars of one sample standard deviation, drawn by XChart into PNG (twice the nominal resolution), SVG
 * and PDF.
 *
 * <p>The points of the methods are shifted sideways by a small fraction of the x range so that their error bars
 * do not hide one another; the caption of the report says so.
 */
public final class NoiseCurveChart {

    /**
     * One method's curve: its points in increasing noise rate.
     *
     * @param method name in the legend
     * @param style  index of the method's colour and marker, the same in every chart of a report
     * @param rates  noise rates
     * @param means  mean of the metric at each rate
     * @param sds    sample standard deviation at each rate (0 where there is one run)
     */
    public record Curve(String method, int style, double[] rates, double[] means, double[] sds) {
    }

    // Okabe and Ito's colour-blind-safe palette, and markers that tell the methods apart in black and white.
    private static final Color[] COLORS = {new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xD55E00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS,
        SeriesMarkers.OVAL};

    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;
    private static final String FONT = "DejaVu Sans";

    private final XYChart chart;

    /**
     * Builds the chart.
     *
     * @param title  chart title
     * @param metric the metric on the y axis
     * @param curves one per method, each with at least one point
     */
    public NoiseCurveChart(String title, Metric metric, List<Curve> curves) {
        chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("label-noise rate")
            .yAxisTitle(metric.label()).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setChartTitleFont(new Font(FONT, Font.BOLD, 14));
        styler.setLegendFont(new Font(FONT, Font.PLAIN, 12));
        chart.getStyler().setAxisTitleFont(new Font(FONT, Font.PLAIN, 13));
        chart.getStyler().setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 12));
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setYAxisDecimalPattern("0.000");

        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Curve c : curves) {
            for (double r : c.rates()) {
                min = Math.min(min, r);
                max = Math.max(max, r);
            }
        }
        double range = max > min ? max - min : 0.1;
        double dodge = 0.012 * range;
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            double shift = (i - (curves.size() - 1) / 2.0) * dodge;
            double[] x = new double[c.rates().length];
            for (int j = 0; j < x.length; j++) {
                x[j] = c.rates()[j] + shift;
            }
            XYSeries s = chart.addSeries(c.method(), x, c.means(), c.sds());
            s.setMarker(MARKERS[c.style() % MARKERS.length]);
            s.setLineColor(COLORS[c.style() % COLORS.length]);
            s.setMarkerColor(COLORS[c.style() % COLORS.length]);
        }
        double only = min;
        if (min == max) {
            // A single noise level: XChart would otherwise draw an axis of zero width. Only that level's tick is
            // labelled; the others would show rates that were not run, some negative.
            chart.getStyler().setXAxisMin(min - 0.05);
            chart.getStyler().setXAxisMax(max + 0.05);
            chart.getStyler().setxAxisTickLabelsFormattingFunction(
                v -> Math.abs(v - only) < 1e-9 ? rate(v) : "");
        } else {
            // The sideways shift can open the axis a little below 0; a negative rate is no label.
            chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> v < -1e-9 ? "" : rate(v));
        }
    }

    private static String rate(double v) {
        return java.math.BigDecimal.valueOf(Math.round(v * 1e6) / 1e6).stripTrailingZeros().toPlainString();
    }

    /** Writes {@code base.png}, {@code base.svg} and {@code base.pdf}. */
    public void write(Path base) {
        String b = base.toString();
        try {
            BitmapEncoder.saveBitmapWithDPI(chart, b + ".png", BitmapEncoder.BitmapFormat.PNG, 144);
            VectorGraphicsEncoder.saveVectorGraphic(chart, b + ".svg", VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, b + ".pdf", VectorGraphicsEncoder.VectorGraphicsFormat.PDF);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the chart " + base, e);
        }
    }
}
