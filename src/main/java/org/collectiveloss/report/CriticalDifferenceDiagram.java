package org.collectiveloss.report;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;

/**
 * A critical-difference diagram in the style of Demšar (JMLR 7, 2006, Figure 1): an axis of average ranks (1 on
 * the left, the best), each method hung from its average rank by a line to its name, the critical difference as
 * a bar above the axis, and thick bars joining the groups of methods that the Nemenyi test does not separate.
 *
 * <p>The diagram is laid out once as lines and texts, then drawn through Java2D into a PNG and a PDF (by
 * pdfbox-graphics2d, which XChart also uses for its PDFs) and written as a plain SVG whose texts stay texts.
 * Text widths are measured with the Java2D font so that the three files share one layout.
 */
public final class CriticalDifferenceDiagram {

    private static final int FONT_SIZE = 13;
    private static final String FONT_FAMILY = "DejaVu Sans";
    private static final double WIDTH = 720;
    private static final double AXIS_Y = 70;
    private static final double LINE_SPACING = 22;
    private static final double GROUP_SPACING = 7;

    private enum Anchor { START, MIDDLE, END }

    private record Stroke(double x1, double y1, double x2, double y2, double width) {
    }

    private record Label(double x, double y, String text, Anchor anchor) {
    }

    private final List<Stroke> strokes = new ArrayList<>();
    private final List<Label> labels = new ArrayList<>();
    private final double height;

    /**
     * Lays out a diagram.
     *
     * @param names        method names
     * @param averageRanks average rank per method, as {@link FriedmanTest} gives them
     * @param cd           the critical difference at the chosen alpha
     * @param alpha        the level, printed beside the critical difference
     * @throws IllegalArgumentException if there are fewer than 2 methods or the arrays differ in length
     */
    public CriticalDifferenceDiagram(List<String> names, double[] averageRanks, double cd, double alpha) {
        int k = names.size();
        if (k < 2 || averageRanks.length != k) {
            throw new IllegalArgumentException("A critical-difference diagram needs 2 or more methods with one"
                + " average rank each; got " + k + " names and " + averageRanks.length + " ranks.");
        }
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(averageRanks[a], averageRanks[b]));

        // Margins wide enough for the longest label on either side.
        FontMetrics metrics = metrics();
        double widest = 0;
        for (int i = 0; i < k; i++) {
            widest = Math.max(widest, metrics.stringWidth(label(names.get(i), averageRanks[i])));
        }
        double left = widest + 30;
        double right = WIDTH - widest - 30;
        double span = right - left;
        java.util.function.DoubleUnaryOperator x = r -> left + (r - 1.0) / (k - 1.0) * span;

        // Axis with a tick and number at every whole rank, a short tick at every half.
        strokes.add(new Stroke(left, AXIS_Y, right, AXIS_Y, 1.2));
        for (int r = 1; r <= k; r++) {
            strokes.add(new Stroke(x.applyAsDouble(r), AXIS_Y - 7, x.applyAsDouble(r), AXIS_Y, 1.2));
            labels.add(new Label(x.applyAsDouble(r), AXIS_Y - 11, Integer.toString(r), Anchor.MIDDLE));
            if (r < k) {
                double half = x.applyAsDouble(r + 0.5);
                strokes.add(new Stroke(half, AXIS_Y - 4, half, AXIS_Y, 1.0));
            }
        }

        // Critical difference above the axis, from rank 1; it may reach past the axis when CD > k - 1.
        double cdEnd = x.applyAsDouble(1.0 + cd);
        double cdY = AXIS_Y - 40;
        strokes.add(new Stroke(left, cdY, cdEnd, cdY, 1.5));
        strokes.add(new Stroke(left, cdY - 4, left, cdY + 4, 1.5));
        strokes.add(new Stroke(cdEnd, cdY - 4, cdEnd, cdY + 4, 1.5));
        labels.add(new Label((left + cdEnd) / 2, cdY - 7,
            String.format(Locale.ROOT, "CD = %.3f (α = %s)", cd, trim(alpha)), Anchor.MIDDLE));

        // Groups the test does not separate, as thick bars just below the axis.
        List<int[]> groups = NemenyiTest.groups(averageRanks, cd);
        for (int g = 0; g < groups.size(); g++) {
            int[] group = groups.get(g);
            double y = AXIS_Y + 12 + g * GROUP_SPACING;
            double from = x.applyAsDouble(averageRanks[group[0]]) - 4;
            double to = x.applyAsDouble(averageRanks[group[group.length - 1]]) + 4;
            strokes.add(new Stroke(from, y, to, y, 3.5));
        }

        // The better half of the methods hangs to the left, the rest to the right, outermost line lowest.
        double firstLine = AXIS_Y + 22 + groups.size() * GROUP_SPACING;
        int leftCount = (k + 1) / 2;
        for (int i = 0; i < k; i++) {
            int m = order[i];
            double rx = x.applyAsDouble(averageRanks[m]);
            boolean onLeft = i < leftCount;
            int row = onLeft ? i : k - 1 - i;
            double y = firstLine + row * LINE_SPACING;
            double end = onLeft ? left - 10 : right + 10;
            strokes.add(new Stroke(rx, AXIS_Y, rx, y, 1.0));
            strokes.add(new Stroke(rx, y, end, y, 1.0));
            labels.add(new Label(onLeft ? end - 5 : end + 5, y + FONT_SIZE * 0.35,
                label(names.get(m), averageRanks[m]), onLeft ? Anchor.END : Anchor.START));
        }
        height = firstLine + Math.max(leftCount, k - leftCount) * LINE_SPACING;
    }

    /** Writes {@code base.png}, {@code base.svg} and {@code base.pdf}. */
    public void write(Path base) {
        try {
            writePng(base.resolveSibling(base.getFileName() + ".png"));
            writeSvg(base.resolveSibling(base.getFileName() + ".svg"));
            writePdf(base.resolveSibling(base.getFileName() + ".pdf"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the critical-difference diagram " + base, e);
        }
    }

    /** The diagram as SVG text. */
    public String svg() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\""
            + " height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">%n", WIDTH, height, WIDTH, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<g stroke=\"black\" stroke-linecap=\"butt\">\n");
        for (Stroke l : strokes) {
            s.append(String.format(Locale.ROOT,
                "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke-width=\"%.1f\"/>%n",
                l.x1(), l.y1(), l.x2(), l.y2(), l.width()));
        }
        s.append("</g>\n");
        s.append(String.format(Locale.ROOT, "<g font-family=\"%s, Helvetica, Arial, sans-serif\" font-size=\"%d\""
            + " fill=\"black\">%n", FONT_FAMILY, FONT_SIZE));
        for (Label t : labels) {
            String anchor = switch (t.anchor()) {
                case START -> "start";
                case MIDDLE -> "middle";
                case END -> "end";
            };
            s.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\">%s</text>%n",
                t.x(), t.y(), anchor, escapeXml(t.text())));
        }
        s.append("</g>\n</svg>\n");
        return s.toString();
    }

    private void writePng(Path file) throws IOException {
        // Twice the nominal size, so that the bitmap stays sharp in print and on dense screens.
        int scale = 2;
        BufferedImage image = new BufferedImage((int) Math.ceil(WIDTH * scale), (int) Math.ceil(height * scale),
            BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.scale(scale, scale);
        paint(g);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private void writeSvg(Path file) throws IOException {
        Files.writeString(file, svg(), StandardCharsets.UTF_8);
    }

    private void writePdf(Path file) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle((float) WIDTH, (float) height));
            document.addPage(page);
            PdfBoxGraphics2D g = new PdfBoxGraphics2D(document, (float) WIDTH, (float) height);
            paint(g);
            g.dispose();
            PDFormXObject form = g.getXFormObject();
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawForm(form);
            }
            document.save(file.toFile());
        }
    }

    private void paint(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(new java.awt.geom.Rectangle2D.Double(0, 0, WIDTH, height));
        g.setColor(Color.BLACK);
        for (Stroke l : strokes) {
            g.setStroke(new BasicStroke((float) l.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            g.draw(new Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
        }
        g.setFont(font());
        FontMetrics metrics = g.getFontMetrics();
        for (Label t : labels) {
            int w = metrics.stringWidth(t.text());
            double x = switch (t.anchor()) {
                case START -> t.x();
                case MIDDLE -> t.x() - w / 2.0;
                case END -> t.x() - w;
            };
            g.drawString(t.text(), (float) x, (float) t.y());
        }
    }

    private static Font font() {
        return new Font(FONT_FAMILY, Font.PLAIN, FONT_SIZE);
    }

    private static FontMetrics metrics() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        g.setFont(font());
        FontMetrics m = g.getFontMetrics();
        g.dispose();
        return m;
    }

    private static String label(String name, double rank) {
        return String.format(Locale.ROOT, "%s (%.2f)", name, rank);
    }

    private static String trim(double alpha) {
        return java.math.BigDecimal.valueOf(alpha).stripTrailingZeros().toPlainString();
    }

    static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
