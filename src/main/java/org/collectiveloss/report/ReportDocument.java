package org.collectiveloss.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The content of an experiment report, independent of its format: headings, paragraphs, lists, tables and
 * figures in reading order. {@link HtmlRenderer}, {@link MarkdownRenderer} and {@link LatexRenderer} write it
 * out, so that the three files always say the same.
 *
 * <p>Text is plain Unicode (±, χ², α, ≤); each renderer escapes it for its format.
 */
public final class ReportDocument {

    /** A part of the document. */
    public sealed interface Block permits Heading, Paragraph, Bullets, Table, Figure {
    }

    /** A section heading; level 1 is the title's level, sections start at 2. */
    public record Heading(int level, String text) implements Block {
    }

    /** A paragraph of text. */
    public record Paragraph(String text) implements Block {
    }

    /** A bulleted list. */
    public record Bullets(List<String> items) implements Block {
    }

    /** A table cell; bold marks the best value of a row. */
    public record Cell(String text, boolean bold) {

        public static Cell of(String text) {
            return new Cell(text, false);
        }
    }

    /**
     * A table.
     *
     * @param id      file-safe identifier; the LaTeX renderer writes {@code tables/<id>.tex}
     * @param caption caption, shown above the table
     * @param header  column titles
     * @param rows    rows of cells, each as long as the header
     * @param align   one letter per column: {@code l} for text (left-aligned), {@code r} for numbers, {@code p}
     *                for longer text that LaTeX wraps in a paragraph column
     */
    public record Table(String id, String caption, List<String> header, List<List<Cell>> rows, String align)
        implements Block {

        public Table {
            if (align.length() != header.size() || !align.matches("[lrp]*")) {
                throw new IllegalArgumentException("Table " + id + ": alignment '" + align + "' must give l, r or p"
                    + " for each of its " + header.size() + " columns.");
            }
            for (List<Cell> row : rows) {
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException("Table " + id + " has " + header.size() + " columns but a"
                        + " row of " + row.size() + " cells.");
                }
            }
        }

        /** A table whose first {@code labelColumns} columns are text and the rest numbers. */
        public Table(String id, String caption, List<String> header, List<List<Cell>> rows, int labelColumns) {
            this(id, caption, header, rows, "l".repeat(labelColumns) + "r".repeat(header.size() - labelColumns));
        }

        /** Whether column j holds text. */
        public boolean isText(int j) {
            return align.charAt(j) != 'r';
        }
    }

    /**
     * A figure whose files lie in {@code figures/} beside the report: {@code <base>.png}, {@code .svg},
     * {@code .pdf}.
     *
     * @param base    file name without extension
     * @param caption caption, shown below the figure
     */
    public record Figure(String base, String caption) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public ReportDocument(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    public ReportDocument heading(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    public ReportDocument paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    public ReportDocument bullets(List<String> items) {
        if (!items.isEmpty()) {
            blocks.add(new Bullets(List.copyOf(items)));
        }
        return this;
    }

    public ReportDocument table(Table table) {
        blocks.add(table);
        return this;
    }

    public ReportDocument figure(String base, String caption) {
        blocks.add(new Figure(base, caption));
        return this;
    }

    /** The tables, in order. */
    public List<Table> tables() {
        return blocks.stream().filter(b -> b instanceof Table).map(b -> (Table) b).toList();
    }
}
