package org.rnn4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rnn4j.forecast.TimeAxis;
import org.rnn4j.io.AtomicFiles;

/** A forecast as a PNG: the history, the actual values where known, the forecast and the seasonal naive forecast. */
final class ForecastChart {
    private ForecastChart() {
    }

    /**
     * @param time     the time of every point, history and forecast
     * @param history  the values before the forecast
     * @param from     the first history point drawn
     * @param forecast the model's forecast of the points after the history
     * @param naive    the seasonal naive forecast of the same points
     * @param actual   the true values of those points, or null
     */
    static void write(Path png, String title, String timeLabel, TimeAxis time, double[] history, int from,
                      double[] forecast, double[] naive, double[] actual) {
        System.setProperty("java.awt.headless", "true");
        int n = history.length;
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries past = new XYSeries("history");
        for (int t = from; t < n; t++) {
            past.add(time.x(t), history[t]);
        }
        data.addSeries(past);
        XYSeries model = new XYSeries("forecast");
        XYSeries baseline = new XYSeries("seasonal naive");
        XYSeries truth = new XYSeries("actual");
        model.add(time.x(n - 1), history[n - 1]); // joined to the history
        baseline.add(time.x(n - 1), history[n - 1]);
        if (actual != null) {
            truth.add(time.x(n - 1), history[n - 1]);
        }
        for (int h = 0; h < forecast.length; h++) {
            model.add(time.x(n + h), forecast[h]);
            baseline.add(time.x(n + h), naive[h]);
            if (actual != null) {
                truth.add(time.x(n + h), actual[h]);
            }
        }
        data.addSeries(model);
        data.addSeries(baseline);
        if (actual != null) {
            data.addSeries(truth);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, timeLabel, "value", data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        NumberAxis domain = (NumberAxis) plot.getDomainAxis();
        domain.setAutoRangeIncludesZero(false);
        DecimalFormat plain = new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        domain.setNumberFormatOverride(plain); // years: 1960, not 1,960
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, Color.DARK_GRAY);
        renderer.setSeriesPaint(1, new Color(0xD6, 0x27, 0x28));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        renderer.setSeriesPaint(2, new Color(0x1F, 0x77, 0xB4));
        renderer.setSeriesStroke(2, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        renderer.setSeriesPaint(3, new Color(0x2C, 0xA0, 0x2C));
        renderer.setSeriesStroke(3, new BasicStroke(2f));
        plot.setRenderer(renderer);
        AtomicFiles.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, 1000, 550));
    }
}
