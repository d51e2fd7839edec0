package org.collectiveloss.report;

import java.util.List;
import org.collectiveloss.report.ReportDocument.Block;
import org.collectiveloss.report.ReportDocument.Bullets;
import org.collectiveloss.report.ReportDocument.Cell;
import org.collectiveloss.report.ReportDocument.Figure;
import org.collectiveloss.report.ReportDocument.Heading;
import org.collectiveloss.report.ReportDocument.Paragraph;
import org.collectiveloss.report.ReportDocument.Table;

/**
 * Writes a {@link ReportDocument} as GitHub-flavoured Markdown: pipe tables with the best values in bold, figures
 * as relative links to {@code figures/<base>.png} with links to the SVG and PDF.
 */
public final class MarkdownRenderer {

    private MarkdownRenderer() {
    }

    /** The document as Markdown. */
    public static String render(ReportDocument doc) {
        StringBuilder s = new StringBuilder();
        s.append("# ").append(escape(doc.title())).append("\n\n");
        for (Block b : doc.blocks()) {
            if (b instanceof Heading h) {
                s.append("#".repeat(h.level())).append(' ').append(escape(h.text())).append("\n\n");
            } else if (b instanceof Paragraph p) {
                s.append(escape(p.text())).append("\n\n");
            } else if (b instanceof Bullets l) {
                l.items().forEach(i -> s.append("- ").append(escape(i)).append('\n'));
                s.append('\n');
            } else if (b instanceof Table t) {
                table(s, t);
            } else if (b instanceof Figure f) {
                s.append("![").append(escape(f.caption())).append("](figures/").append(f.base())
                    .append(".png)\n\n*").append(escape(f.caption())).append("* (vector: [SVG](figures/")
                    .append(f.base()).append(".svg), [PDF](figures/").append(f.base()).append(".pdf))\n\n");
            }
        }
        return s.toString();
    }

    private static void table(StringBuilder s, Table t) {
        s.append("**").append(escape(t.caption())).append("**\n\n");
        s.append('|');
        t.header().forEach(h -> s.append(' ').append(cellText(h)).append(" |"));
        s.append("\n|");
        for (int j = 0; j < t.header().size(); j++) {
            s.append(t.isText(j) ? " :--- |" : " ---: |");
        }
        s.append('\n');
        for (List<Cell> row : t.rows()) {
            s.append('|');
            for (Cell c : row) {
                String text = cellText(c.text());
                s.append(' ').append(c.bold() && !text.isEmpty() ? "**" + text + "**" : text).append(" |");
            }
            s.append('\n');
        }
        s.append('\n');
    }

    private static String cellText(String text) {
        return escape(text).replace("|", "\\|");
    }

    /** Escapes the characters that Markdown would read as emphasis or markup. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")
            .replace("[", "\\[").replace("]", "\\]");
    }
}
