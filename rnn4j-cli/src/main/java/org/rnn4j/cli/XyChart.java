package org.rnn4j.cli;

import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rnn4j.io.AtomicFiles;

/**
 * Line charts of measured points ({@link Curve}s, each point marked), either axis linear or logarithmic, written as
 * PNG (atomically). Small (800×480) so that the tour in docs/principles.md can commit them.
 */
final class XyChart {
    private XyChart() {
    }

    static void write(Path png, String title, String xLabel, String yLabel, List<Curve> curves, boolean logX,
                      boolean logY) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        for (Curve c : curves) {
            XYSeries s = new XYSeries(c.name(), false);
            for (int i = 0; i < c.xs().length; i++) {
                double x = c.xs()[i];
                double y = c.ys()[i];
                if (Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0)) {
                    s.add(x, y); // a log axis cannot show 0
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        if (logX) {
            LogAxis axis = new LogAxis(xLabel);
            axis.setBase(2);
            axis.setSmallestValue(1e-30);
            axis.setNumberFormatOverride(new DecimalFormat("0.###"));
            axis.setTickUnit(new NumberTickUnit(1)); // a tick at every power of 2
            plot.setDomainAxis(axis);
        }
        if (logY) {
            LogAxis axis = new LogAxis(yLabel);
            axis.setSmallestValue(1e-30);
            plot.setRangeAxis(axis);
        }
        AtomicFiles.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, 800, 480));
    }
}
