package org.collectiveloss.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.collectiveloss.report.ReportDocument.Cell;
import org.collectiveloss.report.ReportDocument.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RenderersTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static Table smallTable() {
        return new Table("t-1", "Means of a_b & c", List.of("data set", "noise", "x|y"),
            List.of(List.of(Cell.of("d_1"), Cell.of("50%"), new Cell("0.9 ± 0.1", true))), 2);
    }

    @Test
    void latex_escapesSpecialsAndSpellsSymbols() {
        assertEquals("a\\_b \\& 50\\% \\$ \\# \\{\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}",
            LatexRenderer.escape("a_b & 50% $ # {} ~ ^ \\"));
        assertEquals("\\ensuremath{\\pm} \\ensuremath{\\chi}\\ensuremath{^2} \\ensuremath{\\alpha} Dem\\v{s}ar --",
            LatexRenderer.escape("± χ² α Demšar –"));
        String tex = LatexRenderer.table(smallTable());
        assertTrue(tex.contains("\\begin{tabular}{llr}"), tex);
        assertTrue(tex.contains("\\caption{Means of a\\_b \\& c}\\label{tab:t-1}"), tex);
        assertTrue(tex.contains("d\\_1 & 50\\% & \\textbf{0.9 \\ensuremath{\\pm} 0.1} \\\\"), tex);
        assertFalse(tex.contains("longtable"));
    }

    @Test
    void latex_longTablesBreakAcrossPages() {
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i <= LatexRenderer.MAX_FLOAT_ROWS; i++) {
            rows.add(List.of(Cell.of("r" + i), Cell.of("1")));
        }
        String tex = LatexRenderer.table(new Table("long", "Long", List.of("a", "b"), rows, 1));
        assertTrue(tex.contains("\\begin{longtable}{lr}") && tex.contains("\\endhead"), tex);
        assertEquals(LatexRenderer.MAX_FLOAT_ROWS + 1, tex.split("\\\\\\\\\n", -1).length - 4);
    }

    @Test
    void markdown_escapesPipesAndEmphasis() {
        ReportDocument doc = new ReportDocument("T*").paragraph("a_b [x]").table(smallTable());
        String md = MarkdownRenderer.render(doc);
        assertTrue(md.startsWith("# T\\*\n"), md);
        assertTrue(md.contains("a\\_b \\[x\\]"), md);
        assertTrue(md.contains("| data set | noise | x\\|y |\n| :--- | :--- | ---: |\n"), md);
        assertTrue(md.contains("| d\\_1 | 50% | **0.9 ± 0.1** |"), md);
    }

    @Test
    void html_escapesAndBolds(@TempDir Path dir) {
        ReportDocument doc = new ReportDocument("<T>").paragraph("a & b").table(smallTable());
        String html = HtmlRenderer.render(doc, dir);
        assertTrue(html.contains("<h1>&lt;T&gt;</h1>"));
        assertTrue(html.contains("<p>a &amp; b</p>"));
        assertTrue(html.contains("<td class=\"num\"><b>0.9 ± 0.1</b></td>"), html);
        assertTrue(html.contains("<th class=\"label\">noise</th><th class=\"num\">x|y</th>"), html);
    }

    @Test
    void table_rejectsRaggedRowsAndBadAlignment() {
        assertThrows(IllegalArgumentException.class, () -> new Table("x", "c", List.of("a", "b"),
            List.of(List.of(Cell.of("1"))), 1));
        assertThrows(IllegalArgumentException.class, () -> new Table("x", "c", List.of("a", "b"), List.of(), "lx"));
    }

    @Test
    void cdDiagram_drawsDemsarsGroups(@TempDir Path dir) throws Exception {
        double[] ranks = {44 / 14.0, 28 / 14.0, 40.5 / 14.0, 27.5 / 14.0};
        double cd = NemenyiTest.criticalDifference(4, 14, 0.10);
        CriticalDifferenceDiagram diagram = new CriticalDifferenceDiagram(List.of(DemsarExample.METHODS), ranks,
            cd, 0.10);
        diagram.write(dir.resolve("cd"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Document svg = factory.newDocumentBuilder().parse(dir.resolve("cd.svg").toFile());
        NodeList lines = svg.getElementsByTagName("line");
        int bars = 0;
        for (int i = 0; i < lines.getLength(); i++) {
            if (((Element) lines.item(i)).getAttribute("stroke-width").equals("3.5")) {
                bars++;
            }
        }
        assertEquals(2, bars, "two groups at alpha 0.10, as in Demšar's example");
        String text = svg.getDocumentElement().getTextContent();
        assertTrue(text.contains("C4.5+m+cf (1.96)") && text.contains("C4.5 (3.14)"), text);
        assertTrue(text.contains("CD = 1.118 (α = 0.1)"), text);
        assertTrue(Files.size(dir.resolve("cd.png")) > 1000);
        assertTrue(Files.size(dir.resolve("cd.pdf")) > 1000);
        assertThrows(IllegalArgumentException.class,
            () -> new CriticalDifferenceDiagram(List.of("a"), new double[] {1}, 1, 0.05));
    }

    @Test
    void noiseLevelLabels_andSafeNames() {
        assertEquals("symmetric 0.2", new NoiseLevel("symmetric", 0.2).label());
        assertEquals("none", new NoiseLevel("none", 0.0).label());
        assertEquals("symmetric 0", new NoiseLevel("symmetric", 0.0).label());
        assertEquals("pair-0.35", ExperimentReport.safe("pair 0.35"));
        assertEquals("a-b", ExperimentReport.safe("/a b/"));
        assertEquals("0.0312", ExperimentReport.pText(0.03124));
        assertEquals("1.2e-05", ExperimentReport.pText(1.2e-5));
        assertEquals("0.25", ExperimentReport.shortP(0.25));
        assertEquals("1", ExperimentReport.shortP(1.0));
    }
}
