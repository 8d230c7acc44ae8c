package org.rnn4j.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.rnn4j.io.SpecJson;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.tensor.OneDnn;

/** A forecaster file written by rnn4j 0.1.0 (hand-written spec JSON) loads and forecasts exactly as it did then. */
class ForecasterFileCompatibilityTest {
    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ForecasterFileCompatibilityTest.class.getResource("/forecast/" + name).toURI());
    }

    @Test
    void theOldSpecReadsAsAForecasterSpec() throws URISyntaxException {
        Forecaster loaded = Forecaster.load(resource("forecaster-0.1.0.safetensors"));
        assertThat(loaded.spec()).isEqualTo(ForecasterSpec.defaults("value", 6, 12).withCell(CellType.LSTM)
                .withHiddenSize(3).withEnsemble(2).withTransform(Transform.LOG).withTimeColumn("time"));
        assertThat(loaded.describe()).isEqualTo("2 x Lstm(input 2, hidden 3) -> 6 steps; window 36, season 12, log,"
                + " relative to seasonal-naive");
    }

    private static final double[] OLD_JAR_FORECAST = {611.5513352584954, 623.5526347155051, 516.6679712120231,
        454.2381431598217, 403.9031295199198, 451.65948449540673};

    private static double[] forecast() throws URISyntaxException {
        Forecaster forecaster = Forecaster.load(resource("forecaster-0.1.0.safetensors"));
        SeriesCsv.Table table = SeriesCsv.readTable(resource("AirPassengers.csv"), "value", List.of(), "time");
        ForecastData history = table.data().head(table.size() - 6);
        return forecaster.forecast(history);
    }

    /**
     * The old jar's arithmetic on the Java loop: equal to the last bit on the CPU that recorded it, and within the
     * rounding of OpenBLAS's kernel elsewhere (an AMD EPYC's kernel sums the products in another order: 611.55133540
     * against 611.55133526, 2e-10 relative).
     */
    private static final Offset<Double> KERNEL_ROUNDING = Offset.offset(1e-6);

    @Test
    void forecastsAsTheOldJarDidOnTheJavaLoop() throws URISyntaxException {
        String before = System.getProperty(OneDnn.BACKEND_PROPERTY);
        System.setProperty(OneDnn.BACKEND_PROPERTY, "java");
        try {
            assertThat(forecast()).containsExactly(OLD_JAR_FORECAST, KERNEL_ROUNDING);
        } finally {
            if (before == null) {
                System.clearProperty(OneDnn.BACKEND_PROPERTY);
            } else {
                System.setProperty(OneDnn.BACKEND_PROPERTY, before);
            }
        }
    }

    @Test
    void forecastsAsTheOldJarDidToFloatRoundingOnAnyBackend() throws URISyntaxException {
        assertThat(forecast()).containsExactly(OLD_JAR_FORECAST, within(1e-4));
    }

    @Test
    void theSpecWrittenNowHasTheOldFieldNames() {
        ForecasterSpec spec = ForecasterSpec.defaults("sales", 4, 52).withInputColumns(List.of("price", "promo"))
                .withTimeColumn("week");
        assertThat(SpecJson.write(Forecaster.TYPE, spec).toString()).isEqualTo("{\"type\":\"forecaster\","
                + "\"cell\":\"lstm\",\"hidden_size\":32,\"num_layers\":1,\"dropout\":0.0,\"horizon\":4,\"season\":52,"
                + "\"window\":156,\"transform\":\"none\",\"relative_to\":\"seasonal-naive\",\"ensemble\":5,"
                + "\"column\":\"sales\",\"input_columns\":[\"price\",\"promo\"],\"time_column\":\"week\"}");
        assertThat(SpecJson.read(SpecJson.write(Forecaster.TYPE, spec), ForecasterSpec.class)).isEqualTo(spec);
        assertThat(SpecJson.write(Forecaster.TYPE, spec.withTimeColumn(null)).has("time_column")).isFalse();
    }
}
