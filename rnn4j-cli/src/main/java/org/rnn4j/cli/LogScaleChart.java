package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rnn4j.io.AtomicFiles;

/** Line charts with a logarithmic y axis, written as PNG (atomically). */
final class LogScaleChart {
    private LogScaleChart() {
    }

    static void write(Path png, String title, String xLabel, String yLabel, Map<String, double[]> series) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            double[] ys = e.getValue();
            for (int x = 0; x < ys.length; x++) {
                if (ys[x] > 0 && Double.isFinite(ys[x])) { // a log axis cannot show 0
                    s.add(x, ys[x]);
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        LogAxis axis = new LogAxis(yLabel);
        axis.setSmallestValue(1e-30);
        chart.getXYPlot().setRangeAxis(axis);
        AtomicFiles.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, 900, 550));
    }

}
