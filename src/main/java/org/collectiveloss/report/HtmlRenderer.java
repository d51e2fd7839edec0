package org.collectiveloss.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.collectiveloss.report.ReportDocument.Block;
import org.collectiveloss.report.ReportDocument.Bullets;
import org.collectiveloss.report.ReportDocument.Cell;
import org.collectiveloss.report.ReportDocument.Figure;
import org.collectiveloss.report.ReportDocument.Heading;
import org.collectiveloss.report.ReportDocument.Paragraph;
import org.collectiveloss.report.ReportDocument.Table;

/**
 * Writes a {@link ReportDocument} as one self-contained HTML page: the PNGs of the figures are embedded as data
 * URIs (the page can be mailed or archived alone), with relative links to their SVG and PDF files.
 */
public final class HtmlRenderer {

    private static final String STYLE = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 72em; margin: 2em auto;
               padding: 0 1em; color: #222; line-height: 1.45; }
        table { border-collapse: collapse; margin: 0.5em 0 1.5em 0; font-size: 0.92em; }
        caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 0.4em; }
        th, td { padding: 0.25em 0.7em; border-top: 1px solid #ccc; border-bottom: 1px solid #ccc; }
        thead th { border-top: 2px solid #222; border-bottom: 1px solid #222; }
        tbody tr:last-child td { border-bottom: 2px solid #222; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.label, th.label { text-align: left; }
        figure { margin: 1em 0 2em 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { font-size: 0.92em; color: #444; }
        """;

    private HtmlRenderer() {
    }

    /**
     * The document as HTML; {@code figures} is the folder holding the figures' PNGs.
     *
     * @throws UncheckedIOException if a figure's PNG cannot be read
     */
    public static String render(ReportDocument doc, Path figures) {
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .append(escape(doc.title())).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n")
            .append("<body>\n<h1>").append(escape(doc.title())).append("</h1>\n");
        for (Block b : doc.blocks()) {
            if (b instanceof Heading h) {
                s.append("<h").append(h.level()).append('>').append(escape(h.text())).append("</h")
                    .append(h.level()).append(">\n");
            } else if (b instanceof Paragraph p) {
                s.append("<p>").append(escape(p.text())).append("</p>\n");
            } else if (b instanceof Bullets l) {
                s.append("<ul>\n");
                l.items().forEach(i -> s.append("<li>").append(escape(i)).append("</li>\n"));
                s.append("</ul>\n");
            } else if (b instanceof Table t) {
                table(s, t);
            } else if (b instanceof Figure f) {
                figure(s, f, figures);
            }
        }
        s.append("</body>\n</html>\n");
        return s.toString();
    }

    private static void table(StringBuilder s, Table t) {
        s.append("<table id=\"").append(escape(t.id())).append("\">\n<caption>").append(escape(t.caption()))
            .append("</caption>\n<thead><tr>");
        for (int j = 0; j < t.header().size(); j++) {
            s.append("<th class=\"").append(t.isText(j) ? "label" : "num").append("\">")
                .append(escape(t.header().get(j))).append("</th>");
        }
        s.append("</tr></thead>\n<tbody>\n");
        for (List<Cell> row : t.rows()) {
            s.append("<tr>");
            for (int j = 0; j < row.size(); j++) {
                Cell c = row.get(j);
                String text = escape(c.text());
                s.append("<td class=\"").append(t.isText(j) ? "label" : "num").append("\">")
                    .append(c.bold() ? "<b>" + text + "</b>" : text).append("</td>");
            }
            s.append("</tr>\n");
        }
        s.append("</tbody>\n</table>\n");
    }

    private static void figure(StringBuilder s, Figure f, Path figures) {
        byte[] png;
        try {
            png = Files.readAllBytes(figures.resolve(f.base() + ".png"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the figure " + figures.resolve(f.base() + ".png"), e);
        }
        s.append("<figure>\n<img alt=\"").append(escape(f.caption())).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(png)).append("\">\n<figcaption>").append(escape(f.caption()))
            .append(" Vector files: <a href=\"figures/").append(f.base()).append(".svg\">SVG</a>, <a href=\"figures/")
            .append(f.base()).append(".pdf\">PDF</a>.</figcaption>\n</figure>\n");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
