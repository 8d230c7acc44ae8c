package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.train.TrainingHistory;

/** The training curve as a PNG: the training loss (a running mean over ~1% of the steps) and the validation loss. */
final class LossChart {
    private LossChart() {
    }

    static void write(Path png, String title, TrainingHistory history) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        List<TrainingHistory.Point> steps = history.training();
        XYSeries training = new XYSeries("training (running mean)");
        int window = Math.max(1, steps.size() / 100);
        double sum = 0;
        for (int i = 0; i < steps.size(); i++) {
            sum += steps.get(i).value();
            if (i >= window) {
                sum -= steps.get(i - window).value();
            }
            if (Double.isFinite(sum)) {
                training.add(steps.get(i).step(), sum / Math.min(i + 1, window));
            }
        }
        data.addSeries(training);
        XYSeries validation = new XYSeries("validation");
        history.validation().forEach(p -> validation.add(p.step(), p.value()));
        data.addSeries(validation);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "step", "loss", data, PlotOrientation.VERTICAL,
                true, false, false);
        AtomicFiles.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, 900, 550));
    }
}
