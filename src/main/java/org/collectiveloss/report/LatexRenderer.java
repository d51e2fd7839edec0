package org.collectiveloss.report;

import java.util.List;
import java.util.Map;
import org.collectiveloss.report.ReportDocument.Block;
import org.collectiveloss.report.ReportDocument.Bullets;
import org.collectiveloss.report.ReportDocument.Cell;
import org.collectiveloss.report.ReportDocument.Figure;
import org.collectiveloss.report.ReportDocument.Heading;
import org.collectiveloss.report.ReportDocument.Paragraph;
import org.collectiveloss.report.ReportDocument.Table;

/**
 * Writes a {@link ReportDocument} as LaTeX: each table as a booktabs {@code table} environment of its own
 * ({@code tables/<id>.tex}, ready for {@code \input} in a paper) and the whole report as a standalone article
 * ({@code report.tex}) that inputs the tables and includes the figures' PDFs. Needs the packages booktabs,
 * longtable, graphicx and float; Unicode symbols of the text are written as LaTeX commands, so any input
 * encoding works.
 */
public final class LatexRenderer {

    // Unicode symbols the report's text uses, and their LaTeX spellings.
    private static final Map<Character, String> SYMBOLS = Map.ofEntries(
        Map.entry('±', "\\ensuremath{\\pm}"), Map.entry('χ', "\\ensuremath{\\chi}"),
        Map.entry('²', "\\ensuremath{^2}"), Map.entry('α', "\\ensuremath{\\alpha}"),
        Map.entry('≤', "\\ensuremath{\\le}"), Map.entry('≥', "\\ensuremath{\\ge}"),
        Map.entry('×', "\\ensuremath{\\times}"), Map.entry('∞', "\\ensuremath{\\infty}"),
        Map.entry('√', "\\ensuremath{\\surd}"), Map.entry('−', "\\ensuremath{-}"), Map.entry('–', "--"),
        Map.entry('—', "---"), Map.entry('š', "\\v{s}"), Map.entry('Δ', "\\ensuremath{\\Delta}"),
        Map.entry('≠', "\\ensuremath{\\neq}"), Map.entry('…', "\\ldots{}"), Map.entry('·', "\\ensuremath{\\cdot}"),
        Map.entry('“', "``"), Map.entry('”', "''"), Map.entry('’', "'"), Map.entry('<', "\\ensuremath{<}"),
        Map.entry('>', "\\ensuremath{>}"));

    /** Tables with more rows than this become longtables; a float of 30 rows fills most of a page. */
    public static final int MAX_FLOAT_ROWS = 30;

    private LatexRenderer() {
    }

    /**
     * One table as a booktabs {@code table} environment labelled {@code tab:<id>}, or, beyond
     * {@value #MAX_FLOAT_ROWS} rows, as a {@code longtable} (package longtable) that breaks across pages and repeats
     * its header.
     */
    public static String table(Table t) {
        StringBuilder s = new StringBuilder();
        boolean longTable = t.rows().size() > MAX_FLOAT_ROWS;
        s.append("% Written by collective-loss report; needs \\usepackage{booktabs}")
            .append(longTable ? " and \\usepackage{longtable}.\n" : ".\n");
        // Wide tables get a smaller font and narrower column gaps to fit an A4 or letter text width.
        boolean wide = t.header().size() > 8;
        String header = String.join(" & ", t.header().stream().map(LatexRenderer::escape).toList()) + " \\\\\n";
        String columns = t.align().replace("p", "p{3.2cm}");
        String caption = "\\caption{" + escape(t.caption()) + "}\\label{tab:" + t.id() + "}";
        if (longTable) {
            s.append("{").append(wide ? "\\footnotesize\\setlength{\\tabcolsep}{3pt}\n" : "\\small\n")
                .append("\\begin{longtable}{").append(columns).append("}\n").append(caption).append(" \\\\\n")
                .append("\\toprule\n").append(header).append("\\midrule\n\\endfirsthead\n")
                .append("\\toprule\n").append(header).append("\\midrule\n\\endhead\n")
                .append("\\bottomrule\n\\endlastfoot\n");
        } else {
            // No placement option: a paper's defaults apply, and report.tex pins tables where they are input.
            s.append("\\begin{table}\n\\centering\n")
                .append(wide ? "\\footnotesize\n\\setlength{\\tabcolsep}{3pt}\n" : "\\small\n")
                .append(caption).append("\n\\begin{tabular}{").append(columns).append("}\n\\toprule\n")
                .append(header).append("\\midrule\n");
        }
        for (List<Cell> row : t.rows()) {
            s.append(String.join(" & ", row.stream()
                .map(c -> c.bold() && !c.text().isEmpty() ? "\\textbf{" + escape(c.text()) + "}" : escape(c.text()))
                .toList())).append(" \\\\\n");
        }
        s.append(longTable ? "\\end{longtable}\n}\n" : "\\bottomrule\n\\end{tabular}\n\\end{table}\n");
        return s.toString();
    }

    /** The whole report as a standalone article; tables are read from {@code tables/<id>.tex}. */
    public static String document(ReportDocument doc) {
        StringBuilder s = new StringBuilder();
        s.append("% Written by collective-loss report. Compile with pdflatex report.tex in this folder.\n")
            .append("\\documentclass[10pt]{article}\n\\usepackage[margin=2cm]{geometry}\n")
            .append("\\usepackage{booktabs}\n\\usepackage{longtable}\n\\usepackage{graphicx}\n\\usepackage{float}\n"
                + "\\floatplacement{table}{H}\n")
            .append("\\title{").append(escape(doc.title())).append("}\n\\author{}\n\\date{}\n")
            .append("\\begin{document}\n\\maketitle\n");
        for (Block b : doc.blocks()) {
            if (b instanceof Heading h) {
                String command = h.level() <= 2 ? "section" : h.level() == 3 ? "subsection" : "subsubsection";
                s.append("\n\\").append(command).append("*{").append(escape(h.text())).append("}\n");
            } else if (b instanceof Paragraph p) {
                s.append('\n').append(escape(p.text())).append('\n');
            } else if (b instanceof Bullets l) {
                s.append("\n\\begin{itemize}\n");
                l.items().forEach(i -> s.append("\\item ").append(escape(i)).append('\n'));
                s.append("\\end{itemize}\n");
            } else if (b instanceof Table t) {
                s.append("\n\\input{tables/").append(t.id()).append("}\n");
            } else if (b instanceof Figure f) {
                s.append("\n\\begin{figure}[H]\n\\centering\n\\includegraphics[width=0.85\\linewidth]{figures/")
                    .append(f.base()).append(".pdf}\n\\caption{").append(escape(f.caption())).append("}\n")
                    .append("\\end{figure}\n");
            }
        }
        s.append("\n\\end{document}\n");
        return s.toString();
    }

    /** Escapes LaTeX's special characters and spells the Unicode symbols of {@link #SYMBOLS}. */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String symbol = SYMBOLS.get(c);
            if (symbol != null) {
                s.append(symbol);
                continue;
            }
            switch (c) {
                case '\\' -> s.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> s.append('\\').append(c);
                case '~' -> s.append("\\textasciitilde{}");
                case '^' -> s.append("\\textasciicircum{}");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
